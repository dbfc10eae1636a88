"""Each sink's current rows of the six operational tables (live rows only, pseudonymised columns)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Callable

from consumers.core.tables import TABLES
from hospital.reconcile.compare import compared_columns
from hospital.settings import Settings

SinkReader = Callable[[Settings, str], list[dict]]


def coerce(table: str, row: dict) -> dict:
    """Bring a sink's values (JSON text, floats, strings) back to the logical types."""
    kinds = TABLES[table].columns
    out = {}
    for column, value in row.items():
        kind = kinds.get(column)
        if value is None or kind is None:
            out[column] = value
        elif kind in ("bigint", "int"):
            out[column] = int(value)
        elif kind == "decimal":
            out[column] = Decimal(str(value))
        elif kind == "date" and not isinstance(value, date):
            out[column] = date.fromisoformat(str(value)[:10])
        elif kind == "timestamp" and isinstance(value, str):
            out[column] = datetime.fromisoformat(value.replace("Z", "+00:00"))
        else:
            out[column] = value
    return out


def _select(table: str) -> str:
    return ", ".join(compared_columns(table))  # fixed names from consumers/core/tables.py


def clickhouse_rows(settings: Settings, table: str) -> list[dict]:
    from consumers.clickhouse.query_client import query

    columns, rows = query(settings, f"SELECT {_select(table)} FROM {table} FINAL WHERE _deleted = 0")
    return [coerce(table, dict(zip(columns, row))) for row in rows]


def duckdb_rows(settings: Settings, table: str) -> list[dict]:
    from consumers.duckdb.query import run_query
    from consumers.duckdb.settings import config

    columns, rows = run_query(config(settings).published, f"SELECT {_select(table)} FROM main.{table}")
    return [coerce(table, dict(zip(columns, row))) for row in rows]


def lake_rows(settings: Settings, table: str) -> list[dict]:
    """Curated Parquet files reduced to the highest version per key, deletes dropped."""
    import duckdb

    from consumers.bigquery.local_check import staging_rows
    from consumers.lake.settings import lake_store

    staged = staging_rows(lake_store(settings), table)
    if staged is None:
        return []
    key = TABLES[table].key
    con = duckdb.connect()
    try:
        con.register("curated", staged)
        cursor = con.execute(
            f"SELECT {_select(table)} FROM curated "
            f"QUALIFY row_number() OVER (PARTITION BY {key} ORDER BY _version DESC) = 1 AND NOT _deleted")
        columns = [d[0] for d in cursor.description]
        return [coerce(table, dict(zip(columns, row))) for row in cursor.fetchall()]
    finally:
        con.close()


SINKS: dict[str, SinkReader] = {
    "clickhouse": clickhouse_rows,
    "duckdb": duckdb_rows,
    "lake": lake_rows,
}
