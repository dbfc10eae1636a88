"""Signed rows for the materialized totals. Pure: no I/O.

ClickHouse materialized views see inserts, not updates: summing the state tables'
inserts would count every version of a row. So the totals are fed from insert-only
signed logs. For a change at version V the log gets -1 for the values currently stored
(if any) and +1 for the new values (none for a delete), all at version V. A change at or
below the latest version already in the log is skipped, which makes replays,
redeliveries and stale changes add nothing. sign 0 rows only record a version (a delete
of a row the log never held), so an older insert replayed later is still rejected.
"""

from __future__ import annotations

from dataclasses import dataclass

from consumers.clickhouse.blocks import Block
from consumers.core.changes import Change


@dataclass(frozen=True)
class Feed:
    source: str  # state table whose changes feed the log
    log_table: str
    key: str
    columns: tuple[str, ...]  # carried values, in the order of the log's lookup tuple


FEEDS: dict[str, Feed] = {
    "visits": Feed("visits", "visit_signs", "visit_id", ("diagnosis", "doctor_id", "visit_date", "total_cost")),
    "prescriptions": Feed("prescriptions", "prescription_signs", "prescription_id", ("medicine_id",)),
}


@dataclass(frozen=True)
class Stored:
    """What the log holds for a key: its latest version and the values present at it."""
    version: int
    values: tuple | None  # None when the key is deleted (or was never present) at that version


def signed_rows(feed: Feed, changes: list[Change], stored: dict[object, Stored]) -> list[tuple]:
    """(key, version, sign, *values) rows for changes (at most one per key, as the loop delivers)."""
    rows = []
    for change in changes:
        before = stored.get(change.key)
        if before is not None and before.version >= change.version:
            continue  # already applied, or older than what is applied
        present = before is not None and before.values is not None
        if present:
            rows.append((change.key, change.version, -1, *before.values))
        if not change.deleted:
            rows.append((change.key, change.version, 1, *(change.row.get(c) for c in feed.columns)))
        elif not present:
            rows.append((change.key, change.version, 0, *(change.row.get(c) for c in feed.columns)))
    return rows


def signed_block(feed: Feed, changes: list[Change], stored: dict[object, Stored]) -> Block:
    columns = [feed.key, "_version", "sign", *feed.columns]
    rows = signed_rows(feed, changes, stored)
    data = [list(column) for column in zip(*rows)] if rows else [[] for _ in columns]
    return Block(feed.log_table, columns, data)
