"""Create the hospital_analytics tables the jobs upsert into (idempotent: CREATE ... IF NOT EXISTS).

The DDL lives beside each job (flink_jobs/<job>/sql/analytics/*.sql), one table per file.
"""

from __future__ import annotations

from pathlib import Path

from hospital import postgres
from hospital.settings import Settings

JOBS_DIR = Path(__file__).resolve().parent


def ddl_files() -> list[Path]:
    return sorted(JOBS_DIR.glob("*/sql/analytics/*.sql"))


def apply(settings: Settings) -> list[str]:
    """Run every analytics DDL file in the analytics database; returns the table names."""
    applied = []
    with postgres.connect(settings, settings.postgres.analytics_database, autocommit=True) as conn:
        for path in ddl_files():
            conn.execute(path.read_text())
            applied.append(path.stem)
    return applied
