"""Counters of a stream run, shared by the progress display, the summary and benchmarks."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class StreamStats:
    target_rate: float | None = None  # row changes/s; None means as fast as possible
    elapsed: float = 0.0
    row_changes: int = 0
    transactions: int = 0
    failed: int = 0  # transactions the database rejected (rolled back)
    skipped: int = 0  # ops whose rows were gone before they ran (an earlier op failed)
    changes: Counter = field(default_factory=Counter)  # insert/update/delete -> rows
    by_kind: Counter = field(default_factory=Counter)  # op kind -> committed transactions
    last_error: str | None = None
    vitals_sent: int = 0  # acknowledged by the broker
    vitals_errors: int = 0
    vitals_target_rate: float | None = None
    vitals_seconds: float = 0.0  # from the first reading to the last acknowledgement
    episodes_active: int = 0

    @property
    def row_rate(self) -> float:
        return self.row_changes / self.elapsed if self.elapsed else 0.0

    @property
    def transaction_rate(self) -> float:
        return self.transactions / self.elapsed if self.elapsed else 0.0

    @property
    def vitals_rate(self) -> float:
        seconds = self.vitals_seconds or self.elapsed
        return self.vitals_sent / seconds if seconds else 0.0

    def add(self, other: StreamStats) -> None:
        """Fold a worker's database counters into this total."""
        self.row_changes += other.row_changes
        self.transactions += other.transactions
        self.failed += other.failed
        self.skipped += other.skipped
        self.changes.update(other.changes)
        self.by_kind.update(other.by_kind)
        self.last_error = other.last_error or self.last_error

    def as_dict(self) -> dict:
        return {
            "seconds": round(self.elapsed, 3),
            "target_rows_per_s": self.target_rate,
            "row_changes": self.row_changes,
            "rows_per_s": round(self.row_rate, 1),
            "transactions": self.transactions,
            "transactions_per_s": round(self.transaction_rate, 1),
            "inserts": self.changes["insert"],
            "updates": self.changes["update"],
            "deletes": self.changes["delete"],
            "by_kind": dict(self.by_kind),
            "failed": self.failed,
            "skipped": self.skipped,
            "last_error": self.last_error,
            "vitals_sent": self.vitals_sent,
            "vitals_per_s": round(self.vitals_rate, 1),
            "vitals_errors": self.vitals_errors,
        }
