"""Read the published warehouse file read-only (`hospital sql duckdb`), also while the consumer runs."""

from __future__ import annotations

from pathlib import Path

import duckdb

from consumers.duckdb.errors import WarehouseError, WarehouseNotPublished


def run_query(path: Path, query: str) -> tuple[list[str], list[tuple]]:
    if not path.exists():
        raise WarehouseNotPublished(path)
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        raise WarehouseError(f"cannot open {path} read-only: {_first_line(exc)}") from None
    try:
        cursor = con.execute(query)
        if cursor.description is None:
            return ["status"], [("ok",)]
        return [c[0] for c in cursor.description], cursor.fetchall()
    except duckdb.Error as exc:
        raise WarehouseError(f"duckdb: {_first_line(exc)}") from None
    finally:
        con.close()


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0]
