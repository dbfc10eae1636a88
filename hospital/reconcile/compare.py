"""Compare a sink's current rows with the source, per table: counts, checksums, differing keys. Pure."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from decimal import Decimal

from consumers.core.tables import TABLES

# Bookkeeping timestamps are left out: sinks store them with different precisions and
# time zones, while every business column must match exactly.
SKIPPED = {"created_at", "updated_at"}


def compared_columns(table: str) -> list[str]:
    return [c for c in TABLES[table].columns if c not in SKIPPED]


def canonical(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, float):
        return f"{Decimal(str(value)):.2f}"
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def row_digest(table: str, row: dict, columns: tuple[str, ...] | None = None) -> str:
    text = "\x1f".join(canonical(row.get(c)) for c in (columns or compared_columns(table)))
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class TableCheck:
    sink: str
    table: str
    source_rows: int
    sink_rows: int
    source_checksum: str
    sink_checksum: str
    missing: list = field(default_factory=list)  # in source, not in sink
    extra: list = field(default_factory=list)  # in sink, not in source
    different: list = field(default_factory=list)  # both, content differs

    @property
    def ok(self) -> bool:
        return not (self.missing or self.extra or self.different) and self.source_checksum == self.sink_checksum

    def as_dict(self, max_keys: int = 20) -> dict:
        return {
            "sink": self.sink, "table": self.table, "ok": self.ok,
            "source_rows": self.source_rows, "sink_rows": self.sink_rows,
            "source_checksum": self.source_checksum, "sink_checksum": self.sink_checksum,
            "missing_keys": self.missing[:max_keys], "extra_keys": self.extra[:max_keys],
            "different_keys": self.different[:max_keys],
        }


def digests(table: str, rows: list[dict], columns: tuple[str, ...] | None = None) -> dict:
    key = TABLES[table].key
    return {row[key]: row_digest(table, row, columns) for row in rows}


def table_checksum(per_key: dict) -> str:
    """Order-independent checksum of a table: hash of the sorted (key, row digest) pairs."""
    h = hashlib.sha256()
    for key in sorted(per_key):
        h.update(f"{key}:{per_key[key]}\n".encode())
    return h.hexdigest()[:16]


def compare(sink: str, table: str, source: dict, target: dict) -> TableCheck:
    missing = sorted(set(source) - set(target))
    extra = sorted(set(target) - set(source))
    different = sorted(k for k in set(source) & set(target) if source[k] != target[k])
    return TableCheck(sink, table, len(source), len(target), table_checksum(source), table_checksum(target),
                      missing, extra, different)
