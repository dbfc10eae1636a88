"""Parse Debezium change events into typed, versioned rows. Pure: no I/O."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from consumers.core.tables import TABLES, Table

LSN_SPAN = 2**64  # version = last commit LSN * 2^64 + event LSN


class BadEvent(ValueError):
    """A message that cannot become a change; it goes to the dead-letter topic with this reason."""


@dataclass(frozen=True)
class Change:
    table: str
    key: object  # int, or a tuple for composite keys
    row: dict  # typed column values (after image, or before image for deletes)
    version: int
    deleted: bool
    source_ts_ms: int


def version_of(source: dict) -> int:
    """(last commit LSN, event LSN) as one integer that increases along the stream."""
    try:
        lsn = int(source["lsn"])
        sequence = json.loads(source.get("sequence") or "[null, null]")
        commit = int(sequence[0]) if sequence and sequence[0] is not None else 0
    except (KeyError, TypeError, ValueError) as exc:
        raise BadEvent(f"source position unreadable: {exc}") from None
    return commit * LSN_SPAN + lsn


def parse_change(value: bytes | None) -> Change | None:
    """One Debezium message value -> Change; None for tombstones and non-table events."""
    if value is None:
        return None
    try:
        event = json.loads(value)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadEvent(f"not JSON: {exc}") from None
    if not isinstance(event, dict) or "op" not in event or "source" not in event:
        raise BadEvent("not a Debezium change envelope (missing op/source)")
    table = TABLES.get(event["source"].get("table"))
    if table is None:
        return None  # heartbeat and other tables are not sink data
    op = event["op"]
    if op not in ("c", "u", "d", "r"):
        raise BadEvent(f"unknown op {op!r}")
    image = event.get("before") if op == "d" else event.get("after")
    if not isinstance(image, dict):
        raise BadEvent(f"op {op!r} without its row image")
    row = typed_row(table, image)
    return Change(table.name, row[table.key], row, version_of(event["source"]), op == "d",
                  int(event["source"].get("ts_ms") or 0))


def typed_row(table: Table, image: dict) -> dict:
    row = {}
    for column, kind in table.columns.items():
        if column == "age_band":
            continue  # derived by the privacy step from date_of_birth
        raw = image.get(column)
        if raw is None:
            if column == table.key:
                raise BadEvent(f"{table.name}: key {column} missing")
            row[column] = None
            continue
        row[column] = _convert(table.name, column, kind, raw)
    if table.name == "patients":
        row["date_of_birth"] = _convert(table.name, "date_of_birth", "date", image.get("date_of_birth"))
    return row


def _convert(table: str, column: str, kind: str, raw):
    try:
        if kind in ("bigint", "int"):
            return int(raw)
        if kind == "decimal":
            return Decimal(str(raw))
        if kind == "date":
            return date.fromisoformat(raw[:10])  # Debezium isostring dates end in "Z"
        if kind == "timestamp":
            return datetime.fromisoformat(raw.replace("Z", "+00:00"))
        if kind == "bool":
            return bool(raw)
        return str(raw)
    except (TypeError, ValueError, InvalidOperation, AttributeError):
        raise BadEvent(f"{table}.{column}: {raw!r} is not a valid {kind}") from None


def latest_per_key(changes: list[Change]) -> list[Change]:
    """Keep only the highest version per (table, key) within a batch."""
    best: dict[tuple[str, int], Change] = {}
    for change in changes:
        slot = (change.table, change.key)
        if slot not in best or change.version >= best[slot].version:
            best[slot] = change
    return list(best.values())
