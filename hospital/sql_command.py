"""`hospital sql`: ad hoc SQL on the operational or analytics Postgres (more engines as sinks land)."""

from __future__ import annotations

import csv
import json
import sys

import click

from hospital.errors import HospitalError
from hospital.settings import get_settings

ENGINES = {}


def engine(name: str):
    def decorator(fn):
        ENGINES[name] = fn
        return fn
    return decorator


@engine("postgres")
def _postgres(query: str):
    return _run_pg(query, None)


@engine("analytics")
def _analytics(query: str):
    return _run_pg(query, get_settings().postgres.analytics_database)


@engine("clickhouse")
def _clickhouse(query: str):
    # Locally the ClickHouse consumer owns the embedded chDB and answers on its query endpoint;
    # deployed, the server is queried directly. Reads see current rows (FINAL) and cannot write.
    from consumers.clickhouse.query_client import query as clickhouse_query

    return clickhouse_query(get_settings(), query)


@engine("duckdb")
def _duckdb(query: str):
    # Reads the published warehouse file read-only, never the consumer's working database.
    from consumers.duckdb.query import run_query
    from consumers.duckdb.settings import config

    return run_query(config(get_settings()).published, query)


def _run_pg(query: str, database: str | None):
    import psycopg

    from hospital.postgres import connect

    try:
        with connect(get_settings(), database) as conn:
            cur = conn.execute(query)
            if cur.description is None:
                conn.commit()
                return ["status"], [[cur.statusmessage]]
            return [c.name for c in cur.description], cur.fetchall()
    except psycopg.Error as exc:
        raise HospitalError(f"postgres: {str(exc).strip().splitlines()[0]}") from None


@click.command()
@click.argument("engine_name", metavar="ENGINE")
@click.argument("query")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
def sql(engine_name: str, query: str, fmt: str) -> None:
    """Run QUERY on ENGINE (postgres, analytics, duckdb or clickhouse), also while the pipeline runs.

    Example: hospital sql postgres "SELECT count(*) FROM visits"
    """
    if engine_name not in ENGINES:
        raise HospitalError(f"unknown engine {engine_name!r}; choose one of: {', '.join(sorted(ENGINES))}")
    columns, rows = ENGINES[engine_name](query)
    print_rows(columns, rows, fmt)


def print_rows(columns, rows, fmt: str) -> None:
    if fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows(rows)
    elif fmt == "json":
        click.echo(json.dumps([dict(zip(columns, row)) for row in rows], default=str, indent=2))
    else:
        from rich.table import Table

        from hospital.terminal import console

        table = Table()
        for column in columns:
            table.add_column(str(column))
        for row in rows:
            table.add_row(*("NULL" if v is None else str(v) for v in row))
        console().print(table)
