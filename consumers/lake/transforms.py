"""Changes -> Arrow tables per lake file, and the union rule that makes rewrites idempotent. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import orjson
import pyarrow as pa

from consumers.lake import paths
from consumers.lake.events import LocatedChange
from consumers.lake.schemas import FLINK_DECIMAL_TYPE, RAW_SCHEMA, curated_schema, key_columns


@dataclass(frozen=True)
class FileRows:
    """New rows for one lake file; merged with what the file already holds before writing."""
    path: str
    layer: str
    dataset: str
    rows: pa.Table


def plan_files(events: list[LocatedChange], span: int) -> list[FileRows]:
    """Group a batch by (dataset, hour, offset range) and build both layers' tables per group."""
    # Group on integers (hour number, range number); strings are built once per group.
    groups: dict[tuple, list[LocatedChange]] = {}
    for event in events:
        hour = paths.event_time_ms(event.change.source_ts_ms, event.kafka_ts_ms) // paths.HOUR_MS
        slot = (event.change.table, hour, event.topic, event.partition, event.offset // span)
        groups.setdefault(slot, []).append(event)
    planned = []
    for (dataset, hour, topic, partition, block), members in sorted(groups.items()):
        dt, hr = paths.hour_partition(hour * paths.HOUR_MS)
        name = paths.file_name(topic, partition, block * span, span)
        planned.append(FileRows(paths.file_path("raw", dataset, dt, hr, name), "raw", dataset, raw_table(members)))
        planned.append(FileRows(paths.file_path("curated", dataset, dt, hr, name), "curated", dataset,
                                curated_table(dataset, members)))
    return planned


def raw_table(events: list[LocatedChange]) -> pa.Table:
    changes = [e.change for e in events]
    return pa.Table.from_pydict({
        "topic": [e.topic for e in events],
        "partition": [e.partition for e in events],
        "offset": [e.offset for e in events],
        "kafka_ts": [e.kafka_ts_ms for e in events],
        "table": [c.table for c in changes],
        "key": [to_json(c.key) for c in changes],
        "row": [to_json(c.row) for c in changes],
        **meta_columns(changes),
    }, schema=RAW_SCHEMA)


def curated_table(dataset: str, events: list[LocatedChange]) -> pa.Table:
    changes = [e.change for e in events]
    schema = curated_schema(dataset)
    if schema is None:
        return inferred_table(changes)
    columns = {f.name: [c.row.get(f.name) for c in changes] for f in schema if not f.name.startswith("_")}
    return latest_per_key(pa.Table.from_pydict({**columns, **meta_columns(changes)}, schema=schema),
                          key_columns(dataset))


def meta_columns(changes) -> dict[str, list]:
    return {
        "_version": [Decimal(c.version) for c in changes],
        "_deleted": [c.deleted for c in changes],
        "_source_ts": [c.source_ts_ms or None for c in changes],
    }


def inferred_table(changes) -> pa.Table:
    """Flink output rows: types from the JSON values; decimals and empty columns get one fixed type."""
    rows = [dict(c.row) for c in changes]
    for column in {name for row in rows for name in row}:
        if any(isinstance(row.get(column), Decimal) for row in rows):
            for row in rows:  # 72 and 72.5 in one column: make both decimals
                if isinstance(row.get(column), int) and not isinstance(row.get(column), bool):
                    row[column] = Decimal(row[column])
    table = pa.Table.from_pylist(rows)
    fields = []
    for field in table.schema:
        if pa.types.is_decimal(field.type):
            field = field.with_type(FLINK_DECIMAL_TYPE)
        elif pa.types.is_null(field.type):
            field = field.with_type(pa.string())
        fields.append(field)
    table = table.cast(pa.schema(fields))
    meta = pa.Table.from_pydict(meta_columns(changes), schema=pa.schema(
        [pa.field(f.name, f.type) for f in RAW_SCHEMA if f.name.startswith("_")]))
    for name in meta.column_names:
        table = table.append_column(name, meta[name])
    keys = key_columns(changes[0].table)
    return latest_per_key(table, keys)


def merge(layer: str, dataset: str, existing: pa.Table | None, new: pa.Table) -> pa.Table:
    """What a file holds after a write: the union of its rows and the new ones, deduplicated.

    The result depends only on the set of events in the file, not on how polls split
    them, so a replay writes the same content under the same name.
    """
    if existing is not None and len(existing):
        if existing.schema.equals(new.schema):
            new = pa.concat_tables([existing, new])
        else:  # inferred schemas may gain columns or widen: promote instead of failing
            new = concat_promoting(existing, new)
    if layer == "raw":
        return unique_offsets(new)
    return latest_per_key(new, key_columns(dataset))


def concat_promoting(old: pa.Table, new: pa.Table) -> pa.Table:
    """Union of two inferred-schema tables; a column whose types cannot be unified becomes text.

    A Flink job changing a column's type must not stop the lake: the values are kept as text.
    """
    try:
        return pa.concat_tables([old, new], promote_options="permissive")
    except (pa.ArrowTypeError, pa.ArrowInvalid):
        clashing = {f.name for f in old.schema if f.name in new.schema.names
                    and new.schema.field(f.name).type != f.type}
        return pa.concat_tables([_as_text(old, clashing), _as_text(new, clashing)], promote_options="permissive")


def _as_text(table: pa.Table, columns: set[str]) -> pa.Table:
    for name in columns:
        index = table.schema.get_field_index(name)
        table = table.set_column(index, name, table[name].cast(pa.string()))
    return table


def unique_offsets(table: pa.Table) -> pa.Table:
    """One row per Kafka offset (a file holds one topic partition), in offset order."""
    _, first = np.unique(table["offset"].to_numpy(), return_index=True)
    return table.take(pa.array(first))


def latest_per_key(table: pa.Table, keys: tuple[str, ...]) -> pa.Table:
    """Highest _version per key, rows in key order (deletes kept as rows with _deleted).

    On equal versions the row appended last (the later offset) wins, so outputs that carry
    no real version still end with their newest row.
    """
    if len(table) == 0:
        return table
    ranked = table.append_column("_i", pa.array(np.arange(len(table)))).sort_by(
        [("_version", "descending"), ("_i", "descending")])
    firsts = ranked.group_by(list(keys), use_threads=False).aggregate([("_i", "first")])
    kept = table.take(firsts["_i_first"])
    return kept.sort_by([(k, "ascending") for k in keys])


def to_json(value) -> str:
    """Compact JSON; dates and timestamps as ISO 8601 (orjson: the raw layer's hot path)."""
    return orjson.dumps(value, default=_json_default).decode()


def _json_default(value):
    if isinstance(value, Decimal):
        return str(value)  # money stays exact text, never float
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")
