"""Reconcile every sink with Postgres: wait for zero lag, then compare each table."""

from __future__ import annotations

import time
from datetime import date

from consumers.core.tables import TABLES
from hospital.errors import HospitalError
from hospital.privacy import pseudonym_key
from hospital.reconcile.analytics import FACTS, analytics_rows, source_projection
from hospital.reconcile.compare import TableCheck, compare, digests
from hospital.reconcile.lag import wait_for_zero_lag
from hospital.reconcile.sinks import SINKS
from hospital.reconcile.source import source_rows
from hospital.settings import Settings

ALL_SINKS = ("analytics", *SINKS)


def source_digests(settings: Settings, sinks: list[str]) -> dict[str, dict[str, dict]]:
    """Per sink kind, per table: the source's digests over the columns that sink holds."""
    today = date.today()
    rows = {t: source_rows(settings, t, today) for t in TABLES}
    out = {"operational": {t: digests(t, rows[t]) for t in TABLES}}
    if "analytics" in sinks:
        key = pseudonym_key(settings)
        out["analytics"] = {t: digests(t, source_projection(t, rows[t], key), FACTS[t][1]) for t in FACTS}
    return out


def check_sink(settings: Settings, sink: str, sources: dict[str, dict[str, dict]]) -> list[TableCheck]:
    kind = "analytics" if sink == "analytics" else "operational"
    checks = []
    for table, source in sources[kind].items():
        try:
            if sink == "analytics":
                target = digests(table, analytics_rows(settings, table), FACTS[table][1])
            else:
                target = digests(table, SINKS[sink](settings, table))
        except (HospitalError, OSError) as exc:
            raise HospitalError(f"reconcile: cannot read {sink}.{table}: {exc}") from None
        checks.append(compare(sink, table, source, target))
    return checks


def reconcile(settings: Settings, sinks: list[str] | None = None, timeout: float = 120,
              settle: float = 30, progress=lambda _: None) -> dict:
    """Compare; sinks still converging (e.g. a batch in flight) get `settle` seconds of retries."""
    sinks = sinks or list(ALL_SINKS)
    unknown = sorted(set(sinks) - set(ALL_SINKS))
    if unknown:
        raise HospitalError(f"reconcile: unknown sink(s) {', '.join(unknown)}; sinks: {', '.join(ALL_SINKS)}")
    lag = wait_for_zero_lag(settings, sinks, timeout, progress)
    sources = source_digests(settings, sinks)
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
