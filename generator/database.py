"""Opening the generator's Postgres connection on a target schema, with one-line errors."""

from __future__ import annotations

import psycopg
from psycopg import sql

from hospital.errors import HospitalError
from hospital.postgres import connect
from hospital.settings import Settings


class GeneratorError(HospitalError):
    """The generator cannot run (no database, no reference data, bad keys file)."""


def open_connection(settings: Settings, schema: str = "public", *, autocommit: bool = False) -> psycopg.Connection:
    """Connection whose unqualified table names resolve in `schema` (tests seed private schemas)."""
    pg = settings.postgres
    try:
        conn = connect(settings, autocommit=autocommit)
    except psycopg.OperationalError as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise GeneratorError(
            f"cannot reach Postgres at {pg.host}:{pg.port} ({first_line}); start it with `hospital up` "
            "or set HOSPITAL_POSTGRES__HOST/PORT") from None
    conn.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(schema)))
    if not autocommit:
        conn.commit()
    return conn
