"""Typed views over the Flink output rows: which fields exist and what to cast each to. Pure.

The jobs' JSON rows are stored whole; the view's columns follow the fields seen so far.
A field's type only ever widens (BIGINT -> DECIMAL -> VARCHAR), so a view never starts
failing on rows it could read before.
"""

from __future__ import annotations

import re
from decimal import Decimal

FIELD_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
DATE_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TIMESTAMP_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$")
TIMESTAMPTZ_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)$")
MAX_SCALE = 18
# Bookkeeping fields the consumer core strips or the view adds itself.
RESERVED = {"version", "deleted", "_version", "_loaded_at", "_key", "row"}


def value_type(value: object) -> str | None:
    """DuckDB type for one JSON value; None for null (says nothing about the type)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "BOOLEAN"
    if isinstance(value, int):
        return "BIGINT"
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        scale = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        return f"DECIMAL(38,{min(scale, MAX_SCALE)})"
    if isinstance(value, str):
        if DATE_TEXT.match(value):
            return "DATE"
        if TIMESTAMP_TEXT.match(value):
            return "TIMESTAMP"
        if TIMESTAMPTZ_TEXT.match(value):
            return "TIMESTAMPTZ"
        return "VARCHAR"
    return "JSON"  # lists and objects stay JSON


def _scale(type_name: str) -> int:
    return int(type_name[len("DECIMAL(38,"):-1])


def widen(a: str | None, b: str | None) -> str | None:
    """The narrowest type that holds values of both types."""
    if a is None or a == b:
        return b if a is None else a
    if b is None:
        return a
    numeric = {a, b} <= {"BIGINT"} | {t for t in (a, b) if t.startswith("DECIMAL")}
    if numeric:
        return f"DECIMAL(38,{max(_scale(t) if t.startswith('DECIMAL') else 0 for t in (a, b))})"
    temporal = ("DATE", "TIMESTAMP", "TIMESTAMPTZ")
    if a in temporal and b in temporal:
        return max(a, b, key=temporal.index)
    return "VARCHAR"


def observe(known: dict[str, str], rows: list[dict]) -> dict[str, str]:
    """Fields and types after seeing `rows`; new fields keep their first-seen order."""
    fields = dict(known)
    for row in rows:
        for name, value in row.items():
            if name in RESERVED or not FIELD_NAME.match(name):
                continue  # an odd name could not be quoted safely into the view; it stays in the JSON
            seen = value_type(value)
            if name not in fields:
                fields[name] = seen or "VARCHAR?"  # a placeholder until a non-null value shows the type
            elif seen is not None:
                fields[name] = seen if fields[name] == "VARCHAR?" else widen(fields[name], seen)
    return fields


def view_type(type_name: str) -> str:
    return "VARCHAR" if type_name == "VARCHAR?" else type_name


def view_columns(fields: dict[str, str]) -> str:
    """The SELECT list of a typed view over `row` (JSON). Names are checked against FIELD_NAME."""
    if not fields:
        return "_key"
    parts = []
    for name, type_name in fields.items():
        if not FIELD_NAME.match(name):
            raise ValueError(f"field name {name!r} cannot be a view column")
        target = view_type(type_name)
        if target == "JSON":
            parts.append(f"row -> '{name}' AS \"{name}\"")
        else:
            parts.append(f"TRY_CAST(row ->> '{name}' AS {target}) AS \"{name}\"")
    return ",\n       ".join(parts)
