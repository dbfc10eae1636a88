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


def warehouse_summary(path: Path) -> dict:
    """Rows per current-state table and the snapshot's age, for `hospital status` and reconciliation."""
    from consumers.core.tables import TABLES

    counts = " UNION ALL ".join(f"SELECT '{t}', count(*) FROM main.{t}" for t in TABLES)  # fixed names
    _, rows = run_query(path, counts)
    _, fresh = run_query(path, "SELECT epoch(now() - published_at), last_source_ts FROM state.freshness")
    age, last_source = fresh[0] if fresh else (None, None)
    return {"rows": dict(rows), "seconds_since_publish": round(age, 1) if age is not None else None,
            "last_source_ts": last_source}
