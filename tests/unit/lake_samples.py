"""Located changes for lake unit tests (no services)."""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

from consumers.core.changes import Change
from consumers.lake.events import LocatedChange

HOUR_MS = 3_600_000
T0 = int(datetime(2026, 3, 1, 10, 15, tzinfo=timezone.utc).timestamp() * 1000)


def visit(visit_id: int, offset: int, version: int, cost: str = "10.50", deleted: bool = False,
          ts_ms: int = T0, topic: str = "hospital.public.visits") -> LocatedChange:
    row = {"visit_id": visit_id, "patient_id": 7, "doctor_id": 3, "visit_date": datetime(2026, 3, 1).date(),
           "diagnosis": "Flu", "total_cost": Decimal(cost),
           "created_at": datetime(2026, 3, 1, 10, 0, tzinfo=timezone.utc), "updated_at": None}
    return LocatedChange(Change("visits", visit_id, row, version, deleted, ts_ms), topic, 0, offset, ts_ms + 50)


def stream(n: int, start_offset: int = 0) -> list[LocatedChange]:
    """n events over 20 keys: inserts, then updates with rising versions, every 7th a delete."""
    return [visit(i % 20 + 1, start_offset + i, 1000 + start_offset + i, f"{i % 90}.25", deleted=(i % 7 == 6))
            for i in range(n)]
