"""The ClickHouse consumer as a supervised local service (registered in hospital.local.stack)."""

from __future__ import annotations

import sys

import requests

from consumers.clickhouse.settings import sink_config
from hospital.local.layout import Layout
from hospital.local.services import Service
from hospital.settings import Settings


def services(settings: Settings, layout: Layout) -> list[Service]:
    cfg = sink_config(settings)
    return [Service(
        name="clickhouse-consumer",
        command=[sys.executable, "-m", "consumers.clickhouse.runner"],
        port=cfg.query_port,
        port_setting="HOSPITAL_CLICKHOUSE__QUERY_PORT",
        ready=lambda: healthy(cfg.endpoint_url),
        directory=settings.home,
        env={"PYTHONUNBUFFERED": "1"},
        start_timeout=60.0,
        stop_wait=30,
    )]


def healthy(endpoint_url: str) -> bool:
    try:
        return requests.get(f"{endpoint_url}/health", timeout=2).ok
    except requests.RequestException:
        return False
