"""Apply the DDL in sql/*.sql (one object per file, in file-name order) idempotently at start."""

from __future__ import annotations

from pathlib import Path

from clickhouse_connect.driver.binding import quote_identifier
from clickhouse_connect.driver.client import Client
from clickhouse_connect.driver.exceptions import ClickHouseError

from consumers.clickhouse.errors import SchemaError

SQL_DIR = Path(__file__).resolve().parent / "sql"


def ddl_files() -> list[Path]:
    return sorted(SQL_DIR.glob("*.sql"))


def lookup_sql(name: str) -> str:
    return (SQL_DIR / "lookups" / f"{name}.sql").read_text()


def apply_schema(client: Client, database: str) -> list[str]:
    """Create the database and every object that does not exist yet; returns the files applied.

    Every file uses CREATE ... IF NOT EXISTS, so a restart (or a second consumer) is a no-op.
    Objects are unqualified: they land in `database`, which the client uses from here on.
    """
    client.command(f"CREATE DATABASE IF NOT EXISTS {quote_identifier(database)}")
    client.database = database
    applied = []
    for path in ddl_files():
        try:
            client.command(path.read_text())
        except ClickHouseError as exc:
            raise SchemaError(f"ClickHouse DDL {path.name} failed: {str(exc).strip().splitlines()[0]}") from None
        applied.append(path.name)
    return applied
