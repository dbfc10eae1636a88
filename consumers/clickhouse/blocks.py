"""Changes -> column blocks, one per ClickHouse table. Pure: no I/O.

A block is column-oriented (one list per column) because clickhouse-connect serialises
columns straight into ClickHouse's Native format: one insert per table per batch.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone

from consumers.core.changes import BadEvent, Change
from consumers.core.outputs import FLINK_OUTPUTS
from consumers.core.tables import TABLES

META = ("_version", "_deleted", "_source_ts")

# Flink output tables: key columns and the Python type each key column is stored as.
OUTPUT_KEYS: dict[str, tuple[str, ...]] = {table: keys for table, keys in FLINK_OUTPUTS.values()}
KEY_TYPES = {"visit_id": int, "prescription_id": int, "billing_id": int, "patient_id": int,
             "window_start": str, "alert_id": str}


@dataclass
class Block:
    table: str
    columns: list[str]
    data: list[list]  # column-oriented: data[i] holds the values of columns[i]

    @property
    def rows(self) -> int:
        return len(self.data[0]) if self.data else 0


def columns_of(table: str) -> list[str]:
    if table in TABLES:
        return [*TABLES[table].columns, *META]
    return [*OUTPUT_KEYS[table], "data", *META]


def state_blocks(changes: list[Change]) -> list[Block]:
    by_table: dict[str, list[Change]] = defaultdict(list)
    for change in changes:
        by_table[change.table].append(change)
    return [table_block(table, group) for table, group in by_table.items()]


def table_block(table: str, changes: list[Change]) -> Block:
    columns = columns_of(table)
    to_row = _source_row if table in TABLES else _output_row
    rows = [to_row(table, change) for change in changes]
    return Block(table, columns, [list(column) for column in zip(*rows)] if rows else [[] for _ in columns])


def _source_row(table: str, change: Change) -> tuple:
    row = change.row
    return (*(row.get(c) for c in TABLES[table].columns), *_meta(change))


def _output_row(table: str, change: Change) -> tuple:
    return (*output_key(table, change), json.dumps(change.row, default=str, sort_keys=True), *_meta(change))


def _meta(change: Change) -> tuple:
    return change.version, int(change.deleted), datetime.fromtimestamp(change.source_ts_ms / 1000, timezone.utc)


def output_key(table: str, change: Change) -> tuple:
    """The key of a Flink output row as typed ClickHouse key columns; BadEvent if it cannot be."""
    names = OUTPUT_KEYS[table]
    values = change.key if isinstance(change.key, tuple) else (change.key,)
    typed = []
    for name, value in zip(names, values):
        kind = KEY_TYPES.get(name, str)
        try:
            typed.append(int(value) if kind is int else str(value))
        except (TypeError, ValueError):
            raise BadEvent(f"{table}.{name}: {value!r} is not a valid {kind.__name__} key") from None
    return tuple(typed)


def check_change(change: Change | None) -> Change | None:
    """Reject, at parse time, what a block could not hold, so it goes to the dead-letter topic
    instead of failing a whole batch at insert time."""
    if change is not None and change.table in OUTPUT_KEYS:
        output_key(change.table, change)
        if change.version < 0 or change.version >= 2**128:
            raise BadEvent(f"{change.table}: version {change.version} outside UInt128")
    return change
