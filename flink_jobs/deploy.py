"""The `hospital up` step of the Flink stage: analytics tables, then every job (idempotent)."""

from __future__ import annotations

from typing import Callable

from flink_jobs import analytics_schema
from flink_jobs.submit import submit_all
from hospital.settings import Settings


def up(settings: Settings, progress: Callable[[str], None] = print) -> None:
    tables = analytics_schema.apply(settings)
    progress(f"analytics: {len(tables)} tables ensured in {settings.postgres.analytics_database}")
    submit_all(settings, progress)
