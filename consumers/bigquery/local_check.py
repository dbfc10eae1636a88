"""Run the BigQuery MERGE text on DuckDB over the same curated files: a local check of its logic.

The statement is rendered from the same sql/merge.sql with DuckDB quoting. Staging is
filled from the lake files the way a load job would (all columns of every file).
"""

from __future__ import annotations

import io

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from consumers.bigquery.merge_sql import quote, render_merge
from consumers.lake.paths import dataset_prefix
from consumers.lake.schemas import key_columns
from consumers.lake.storage import Store


def staging_rows(store: Store, dataset: str, files: list[str] | None = None) -> pa.Table | None:
    names = files if files is not None else store.list(dataset_prefix("curated", dataset))
    tables = [pq.read_table(io.BytesIO(store.read(name))) for name in names]
    if not tables:
        return None
    return pa.concat_tables(tables, promote_options="permissive")


def merge_into(con: duckdb.DuckDBPyConnection, dataset: str, staging: pa.Table) -> None:
    """MERGE one staging load into the DuckDB table named like the dataset (created on first use)."""
    staging_name = f"{dataset}__staging"
    con.register("staging_arrow", staging)
    con.execute(f"CREATE OR REPLACE TABLE {quote(staging_name, 'duckdb')} AS SELECT * FROM staging_arrow")
    con.unregister("staging_arrow")
    con.execute(f"CREATE TABLE IF NOT EXISTS {quote(dataset, 'duckdb')} AS "
                f"SELECT * FROM {quote(staging_name, 'duckdb')} LIMIT 0")
    con.execute(render_merge("duckdb", dataset, staging_name, staging.column_names, key_columns(dataset)))
