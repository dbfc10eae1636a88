"""Contracts of the ClickHouse database: each sql/contracts/<rule>.sql counts the rows (or
checks) that break one rule; its first comment line says what the rule is."""

from __future__ import annotations

from typing import Callable

from consumers.clickhouse.schema import SQL_DIR

CONTRACTS_DIR = SQL_DIR / "contracts"


def rules() -> dict[str, str]:
    """rule name -> its SQL"""
    return {path.stem: path.read_text() for path in sorted(CONTRACTS_DIR.glob("*.sql"))}


def describe(sql: str) -> str:
    return sql.splitlines()[0].lstrip("- ").strip()


def violations(rows: Callable[[str], list]) -> list[str]:
    """One line per broken rule: its name, what it requires and how many rows break it.

    rows(sql) runs a query and returns its rows: a client's `lambda sql: client.query(sql).result_rows`,
    or `lambda sql: query_client.query(settings, sql)[1]` against the running consumer.
    """
    found = []
    for name, sql in rules().items():
        broken = rows(sql)[0][0] or 0
        if broken:
            found.append(f"{name}: {describe(sql)} ({broken} violating)")
    return found
