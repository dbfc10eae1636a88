"""The DuckDB consumer as a supervised local service (registered in hospital/local/stack.py)."""

from __future__ import annotations

import sys
import time

from consumers.duckdb.settings import config
from hospital.local.layout import Layout
from hospital.local.services import Service
from hospital.settings import Settings

ALIVE_WITHIN_S = 15.0


def services(settings: Settings, layout: Layout) -> list[Service]:
    cfg = config(settings)

    def ready() -> bool:
        # The publisher thread touches this file every tick once the first snapshot is out.
        try:
            return cfg.published.exists() and time.time() - cfg.alive.stat().st_mtime < ALIVE_WITHIN_S
        except OSError:
            return False

    return [Service(
        name="duckdb-consumer",
        command=[sys.executable, "-m", "consumers.duckdb.runner"],
        port=0,  # no listening port: readiness comes from the publisher's heartbeat file
        port_setting="HOSPITAL_DUCKDB__WAREHOUSE_PATH",
        ready=ready,
        directory=settings.home,
        start_timeout=60.0,
    )]
