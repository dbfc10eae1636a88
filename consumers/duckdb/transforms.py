"""Changes -> Arrow batches for the warehouse. Pure: no I/O, testable without services.

A batch becomes one Arrow table per target table, registered in DuckDB as `incoming` and
merged with one statement (sql/load/merge_latest.sql), so the hot path never executes SQL
per row.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime

import pyarrow as pa

from consumers.core.changes import Change
from consumers.core.outputs import FLINK_OUTPUTS
from consumers.core.tables import Table

# Logical column types (consumers/core/tables.py) as Arrow types; they match the DDL in sql/state.
ARROW_TYPES = {
    "bigint": pa.int64(),
    "int": pa.int32(),
    "text": pa.string(),
    "date": pa.date32(),
    "timestamp": pa.timestamp("us", tz="UTC"),
    "decimal": pa.decimal128(10, 2),  # NUMERIC(10,2) end to end, never float
    "bool": pa.bool_(),
}
LOW_64 = 2**64 - 1
OUTPUT_TABLES = {table for table, _keys in FLINK_OUTPUTS.values()}


def version_halves(versions: list[int]) -> tuple[pa.Array, pa.Array]:
    """Versions reach 2^128 (commit LSN * 2^64 + LSN); Arrow has no 128-bit integer, so split them."""
    return (pa.array([v >> 64 for v in versions], pa.uint64()),
            pa.array([v & LOW_64 for v in versions], pa.uint64()))


def by_table(changes: list[Change]) -> dict[str, list[Change]]:
    grouped: dict[str, list[Change]] = defaultdict(list)
    for change in changes:
        grouped[change.table].append(change)
    return dict(grouped)


def table_batch(table: Table, changes: list[Change]) -> pa.Table:
    """Rows of one operational table with their version, delete flag and source commit time."""
    columns = {
        name: pa.array([c.row.get(name) for c in changes], ARROW_TYPES[kind])
        for name, kind in table.columns.items()
    }
    hi, lo = version_halves([c.version for c in changes])
    columns["version_hi"], columns["version_lo"] = hi, lo
    columns["_deleted"] = pa.array([c.deleted for c in changes], pa.bool_())
    columns["_source_ts"] = pa.array([c.source_ts_ms or None for c in changes], pa.timestamp("ms", tz="UTC"))
    return pa.table(columns)


def output_key(key: object) -> str:
    """One text key for single and composite keys, stable across replays."""
    return json.dumps(list(key) if isinstance(key, tuple) else key, default=str, separators=(",", ":"))


def output_row_json(row: dict) -> str:
    # Decimals are written as strings: the typed view casts them to DECIMAL, never to float.
    return json.dumps(row, default=str, separators=(",", ":"))


def output_batch(changes: list[Change], loaded_at: datetime) -> pa.Table:
    """Rows of one Flink output topic, kept whole as JSON with their key and version."""
    hi, lo = version_halves([c.version for c in changes])
    return pa.table({
        "_key": pa.array([output_key(c.key) for c in changes], pa.string()),
        "row": pa.array([output_row_json(c.row) for c in changes], pa.string()),
        "version_hi": hi,
        "version_lo": lo,
        "_deleted": pa.array([c.deleted for c in changes], pa.bool_()),
        "_loaded_at": pa.array([loaded_at] * len(changes), pa.timestamp("us", tz="UTC")),
    })


def last_source_ts_ms(changes: list[Change]) -> int | None:
    stamps = [c.source_ts_ms for c in changes if c.source_ts_ms]
    return max(stamps) if stamps else None
