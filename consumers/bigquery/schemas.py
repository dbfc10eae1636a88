"""BigQuery schemas of the curated datasets, derived from the lake's Arrow schemas. Pure."""

from __future__ import annotations

import pyarrow as pa
from google.cloud.bigquery import SchemaField

from consumers.lake.schemas import curated_schema


def bigquery_type(arrow_type: pa.DataType) -> str:
    if pa.types.is_decimal(arrow_type):
        # NUMERIC holds 29 integer digits; the version (DECIMAL(38,0)) needs BIGNUMERIC.
        return "NUMERIC" if arrow_type.precision - arrow_type.scale <= 29 and arrow_type.scale <= 9 else "BIGNUMERIC"
    if pa.types.is_integer(arrow_type):
        return "INT64"
    if pa.types.is_string(arrow_type):
        return "STRING"
    if pa.types.is_boolean(arrow_type):
        return "BOOL"
    if pa.types.is_date(arrow_type):
        return "DATE"
    if pa.types.is_timestamp(arrow_type):
        return "TIMESTAMP" if arrow_type.tz else "DATETIME"
    if pa.types.is_floating(arrow_type):
        return "FLOAT64"
    raise ValueError(f"no BigQuery type for {arrow_type}")


def schema_of(dataset: str) -> list[SchemaField] | None:
    """Explicit schema for the operational tables; None for Flink outputs (taken from the Parquet files)."""
    arrow = curated_schema(dataset)
    if arrow is None:
        return None
    return [SchemaField(f.name, bigquery_type(f.type), mode="NULLABLE" if f.nullable else "REQUIRED") for f in arrow]
