"""What the lake consumer reads and where it writes, resolved from the shared settings tree."""

from __future__ import annotations

from consumers.core.outputs import FLINK_OUTPUTS
from consumers.core.tables import TABLES, topic_of
from consumers.lake.storage import Store, open_store
from hospital.settings import Settings


def lake_topics(settings: Settings) -> list[str]:
    """Every captured table's Debezium topic and every Flink output topic."""
    return [topic_of(t, settings.kafka.topic_prefix) for t in TABLES] + list(FLINK_OUTPUTS)


def lake_store(settings: Settings, root: str | None = None) -> Store:
    lake = settings.lake
    return open_store(root or lake.root, settings.home, project=lake.gcs_project, endpoint=lake.gcs_endpoint)
