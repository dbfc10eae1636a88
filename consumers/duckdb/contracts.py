"""Check the warehouse's contracts (sql/marts/contracts.json): unique keys, not-null, accepted values."""

from __future__ import annotations

import json

import duckdb

from consumers.duckdb.errors import ContractViolation
from consumers.duckdb.sql_files import SQL_DIR, quoted, render


def load_contracts() -> dict[str, dict]:
    return json.loads((SQL_DIR / "marts" / "contracts.json").read_text())["objects"]


def violations(con: duckdb.DuckDBPyConnection, objects: list[str] | None = None) -> list[str]:
    """One line per broken rule, naming the object, the rule and how many rows break it."""
    found = []
    for name, contract in load_contracts().items():
        if objects is not None and name not in objects:
            continue
        obj = quoted(name)
        keys = contract.get("keys", [])
        if keys:
            sql = render("contracts/unique_keys.sql", object=obj,
                         keys=", ".join(quoted(k) for k in keys),
                         any_key_null=" OR ".join(f"{quoted(k)} IS NULL" for k in keys))
            _count(con, sql, None, found, f"{name}: key ({', '.join(keys)}) not unique or NULL")
        for column in contract.get("not_null", []):
            sql = render("contracts/not_null.sql", object=obj, column=quoted(column))
            _count(con, sql, None, found, f"{name}.{column}: NULL")
        for column, accepted in contract.get("accepted_values", {}).items():
            sql = render("contracts/accepted_values.sql", object=obj, column=quoted(column))
            _count(con, sql, {"accepted": accepted}, found, f"{name}.{column}: value outside {accepted}")
    return found


def check(con: duckdb.DuckDBPyConnection, objects: list[str] | None = None) -> None:
    broken = violations(con, objects)
    if broken:
        raise ContractViolation("warehouse contracts broken: " + "; ".join(broken))


def _count(con, sql: str, params, found: list[str], message: str) -> None:
    bad = con.execute(sql, params).fetchone()[0] if params else con.execute(sql).fetchone()[0]
    if bad:
        found.append(f"{message} ({bad} rows)")
