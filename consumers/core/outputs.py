"""Parse the Flink jobs' output topics (enriched facts, vitals aggregates, alerts). Pure.

Flink writes JSON rows that already carry `version` (DECIMAL(38,0)) and `deleted`;
patient identifiers are already pseudonymised there. Keys must match the jobs' sink
primary keys in flink_jobs/*/sql.
"""

from __future__ import annotations

import json
from decimal import Decimal

from consumers.core.changes import BadEvent, Change

# topic -> (sink table name, key columns)
FLINK_OUTPUTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "enriched.visits": ("enriched_visits", ("visit_id",)),
    "enriched.prescriptions": ("enriched_prescriptions", ("prescription_id",)),
    "enriched.billing": ("enriched_billing", ("billing_id",)),
    "vitals.minute": ("vitals_minute", ("patient_id", "window_start")),
    "alerts.vitals": ("alerts", ("alert_id",)),
}


def parse_output(topic: str, value: bytes | None) -> Change | None:
    if value is None:
        return None
    table, key_columns = FLINK_OUTPUTS[topic]
    try:
        row = json.loads(value, parse_float=Decimal)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadEvent(f"not JSON: {exc}") from None
    if not isinstance(row, dict):
        raise BadEvent("output row is not a JSON object")
    missing = [c for c in key_columns if row.get(c) is None]
    if missing:
        raise BadEvent(f"{table}: key column(s) {', '.join(missing)} missing")
    key = tuple(row[c] for c in key_columns)
    version = int(row.pop("version", 0) or 0)
    deleted = bool(row.pop("deleted", False))
    return Change(table, key if len(key) > 1 else key[0], row, version, deleted, 0)
