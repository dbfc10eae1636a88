"""Names and connector options of the cdc_enrich job, derived from the platform settings."""

from __future__ import annotations

from dataclasses import dataclass

from flink_jobs import connectors
from hospital.settings import Settings

JOB_NAME = "cdc_enrich"
SOURCE_TABLES = ("doctors", "patients", "medicines", "visits", "billing_payments", "prescriptions")
FACTS = ("visits", "prescriptions", "billing")


@dataclass(frozen=True)
class CdcEnrichSettings:
    source_topics: tuple[str, ...]
    group_id: str
    enriched_topics: dict[str, str]  # fact -> topic
    analytics_tables: dict[str, str]  # fact -> hospital_analytics table
    dlq_topic: str

    @classmethod
    def of(cls, settings: Settings) -> "CdcEnrichSettings":
        prefix = settings.kafka.topic_prefix
        return cls(
            source_topics=tuple(f"{prefix}.public.{table}" for table in SOURCE_TABLES),
            group_id=f"hospital-flink-{JOB_NAME}",
            enriched_topics={fact: f"enriched.{fact}" for fact in FACTS},
            analytics_tables={fact: f"enriched_{fact}" for fact in FACTS},
            dlq_topic="dlq.cdc",
        )

    def table_options(self, settings: Settings) -> dict[str, dict[str, str]]:
        options = {"cdc_raw": connectors.kafka_source(settings, list(self.source_topics), self.group_id),
                   "dlq_cdc_topic": connectors.kafka_append_sink(settings, self.dlq_topic)}
        for fact in FACTS:
            options[f"enriched_{fact}_topic"] = connectors.upsert_kafka_sink(settings, self.enriched_topics[fact])
            options[f"enriched_{fact}_db"] = connectors.jdbc_sink(settings, self.analytics_tables[fact])
        return options
