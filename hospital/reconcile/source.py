"""The source side of reconciliation: Postgres rows, pseudonymised exactly as the sinks receive them."""

from __future__ import annotations

from datetime import date

from psycopg import sql

from consumers.core.changes import Change
from consumers.core.privacy_step import pseudonymise
from consumers.core.tables import TABLES
from hospital.postgres import connect
from hospital.privacy import pseudonym_key
from hospital.settings import Settings


def source_rows(settings: Settings, table: str, today: date | None = None) -> list[dict]:
    spec = TABLES[table]
    columns = [c for c in spec.columns if c != "age_band"]
    if table == "patients":
        columns.append("date_of_birth")
    key = pseudonym_key(settings)
    with connect(settings) as conn:
        cursor = conn.execute(sql.SQL("SELECT {} FROM {}").format(
            sql.SQL(", ").join(map(sql.Identifier, columns)), sql.Identifier(table)))
        names = [d.name for d in cursor.description]
        rows = [dict(zip(names, values)) for values in cursor]
    return [pseudonymise(Change(table, row[spec.key], row, 0, False, 0), key, today).row for row in rows]
