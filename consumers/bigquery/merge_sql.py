"""Render the MERGE and view SQL (sql/*.sql) for a dialect. Pure.

Only identifiers are substituted (table and column names from the contracts), each quoted
for its dialect; BigQuery and DuckDB then run the same statement text.
"""

from __future__ import annotations

from pathlib import Path

SQL_DIR = Path(__file__).parent / "sql"
DIALECTS = ("bigquery", "duckdb")


def quote(name: str, dialect: str) -> str:
    if dialect == "bigquery":
        if "`" in name:
            raise ValueError(f"unsafe BigQuery identifier {name!r}")
        return f"`{name}`"
    if dialect == "duckdb":
        return '"' + name.replace('"', '""') + '"'
    raise ValueError(f"unknown dialect {dialect!r}; one of {DIALECTS}")


def sql_text(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text()


def render_merge(dialect: str, target: str, staging: str, columns: list[str], keys: tuple[str, ...],
                 version: str = "_version") -> str:
    missing = [c for c in (*keys, version) if c not in columns]
    if missing:
        raise ValueError(f"MERGE columns lack {missing}")
    q = lambda name: quote(name, dialect)  # noqa: E731
    return sql_text("merge").format(
        target=q(target),
        staging=q(staging),
        columns=", ".join(q(c) for c in columns),
        source_columns=", ".join(f"S.{q(c)}" for c in columns),
        keys=", ".join(q(k) for k in keys),
        key_match=" AND ".join(f"T.{q(k)} = S.{q(k)}" for k in keys),
        updates=", ".join(f"{q(c)} = S.{q(c)}" for c in columns if c not in keys),
        version=q(version),
    )


def render_current_view(dialect: str, view: str, target: str, columns: list[str], deleted: str = "_deleted") -> str:
    q = lambda name: quote(name, dialect)  # noqa: E731
    return sql_text("current_view").format(view=q(view), target=q(target), deleted=q(deleted),
                                           columns=", ".join(q(c) for c in columns))
