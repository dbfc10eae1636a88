"""The DuckDB consumer's settings (section `duckdb` of hospital.settings), resolved to paths."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from consumers.core.outputs import FLINK_OUTPUTS
from consumers.core.tables import TABLES, topic_of
from hospital.settings import DuckDBSettings, Settings


@dataclass(frozen=True)
class DuckDBConfig:
    published: Path  # the file users open: HOSPITAL_DUCKDB__WAREHOUSE_PATH
    work: Path  # the consumer's private database: HOSPITAL_DUCKDB__WORK_PATH
    options: DuckDBSettings

    @property
    def alive(self) -> Path:
        """Touched by the publisher thread; the service is ready while it is fresh."""
        return self.work.parent / "publisher.alive"


def config(settings: Settings) -> DuckDBConfig:
    section = settings.duckdb
    return DuckDBConfig(published=_under(settings.home, section.warehouse_path),
                        work=_under(settings.home, section.work_path), options=section)


def topics(settings: Settings) -> list[str]:
    """The six operational tables' Debezium topics and the Flink jobs' output topics."""
    return [topic_of(table, settings.kafka.topic_prefix) for table in TABLES] + list(FLINK_OUTPUTS)


def _under(home: Path, path: Path) -> Path:
    return path if path.is_absolute() else home / path
