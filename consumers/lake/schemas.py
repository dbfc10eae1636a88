"""Arrow schemas of the lake files. Pure.

Raw: one row per change event with its Kafka position; the (pseudonymised) row image is
JSON text, so one schema fits every table. Curated: the table's own typed columns plus
_version (DECIMAL(38,0): the version exceeds 64 bits), _deleted and _source_ts.
Flink outputs have no fixed schema here (flink_jobs owns it): their curated schema is
inferred from the rows, with decimals widened to one type so files stay compatible.
"""

from __future__ import annotations

import pyarrow as pa

from consumers.core.outputs import FLINK_OUTPUTS
from consumers.core.tables import TABLES

VERSION_TYPE = pa.decimal128(38, 0)
MONEY_TYPE = pa.decimal128(10, 2)  # NUMERIC(10,2) in Postgres, never float
FLINK_DECIMAL_TYPE = pa.decimal128(38, 9)  # BigQuery NUMERIC's precision and scale
TIMESTAMP_TYPE = pa.timestamp("us", tz="UTC")

ARROW_TYPES = {
    "bigint": pa.int64(),
    "int": pa.int64(),
    "text": pa.string(),
    "date": pa.date32(),
    "timestamp": TIMESTAMP_TYPE,
    "decimal": MONEY_TYPE,
    "bool": pa.bool_(),
}

META_FIELDS = [
    pa.field("_version", VERSION_TYPE, nullable=False),
    pa.field("_deleted", pa.bool_(), nullable=False),
    pa.field("_source_ts", pa.timestamp("ms", tz="UTC")),
]

RAW_SCHEMA = pa.schema([
    pa.field("topic", pa.string(), nullable=False),
    pa.field("partition", pa.int32(), nullable=False),
    pa.field("offset", pa.int64(), nullable=False),
    pa.field("kafka_ts", pa.timestamp("ms", tz="UTC")),
    pa.field("table", pa.string(), nullable=False),
    pa.field("key", pa.string(), nullable=False),  # JSON: a number, or an array for composite keys
    pa.field("row", pa.string()),  # JSON of the pseudonymised row image
    *META_FIELDS,
])

OUTPUT_TABLES = {table: keys for table, keys in FLINK_OUTPUTS.values()}


def curated_schema(dataset: str) -> pa.Schema | None:
    """Fixed schema of an operational table; None for Flink outputs (inferred)."""
    table = TABLES.get(dataset)
    if table is None:
        return None
    fields = [pa.field(name, ARROW_TYPES[kind], nullable=(name != table.key))
              for name, kind in table.columns.items()]
    return pa.schema(fields + META_FIELDS)


def key_columns(dataset: str) -> tuple[str, ...]:
    if dataset in TABLES:
        return (TABLES[dataset].key,)
    if dataset in OUTPUT_TABLES:
        return OUTPUT_TABLES[dataset]
    raise KeyError(f"no key known for lake dataset {dataset!r}")


def datasets() -> list[str]:
    return list(TABLES) + list(OUTPUT_TABLES)
