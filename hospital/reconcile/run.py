"""Reconcile every sink with Postgres: wait for zero lag, then compare each table."""

from __future__ import annotations

import time
from datetime import date

from consumers.core.tables import TABLES
from hospital.errors import HospitalError
from hospital.reconcile.compare import TableCheck, compare, digests
from hospital.reconcile.lag import wait_for_zero_lag
from hospital.reconcile.sinks import SINKS
from hospital.reconcile.source import source_rows
from hospital.settings import Settings


def check_sink(settings: Settings, sink: str, sources: dict[str, dict]) -> list[TableCheck]:
    reader = SINKS[sink]
    checks = []
    for table, source in sources.items():
        try:
            target = digests(table, reader(settings, table))
        except (HospitalError, OSError) as exc:
            raise HospitalError(f"reconcile: cannot read {sink}.{table}: {exc}") from None
        checks.append(compare(sink, table, source, target))
    return checks


def reconcile(settings: Settings, sinks: list[str] | None = None, timeout: float = 120,
              settle: float = 30, progress=lambda _: None) -> dict:
    """Compare; sinks still converging (e.g. a batch in flight) get `settle` seconds of retries."""
    sinks = sinks or list(SINKS)
    lag = wait_for_zero_lag(settings, sinks, timeout, progress)
    today = date.today()
    sources = {t: digests(t, source_rows(settings, t, today)) for t in TABLES}
    deadline = time.monotonic() + settle
    results: dict[str, list[TableCheck]] = {}
    for sink in sinks:
        while True:
            results[sink] = check_sink(settings, sink, sources)
            if all(c.ok for c in results[sink]) or time.monotonic() > deadline:
                break
            progress(f"{sink}: not equal yet, checking again")
            time.sleep(2)
    checks = [c for sink in sinks for c in results[sink]]
    return {"ok": all(c.ok for c in checks), "lag": lag, "checks": [c.as_dict() for c in checks]}
