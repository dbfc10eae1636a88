"""Names and connector options of the vitals job, derived from the platform settings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flink_jobs import connectors
from hospital.settings import Settings

JOB_NAME = "vitals"
RULES_FILE = Path(__file__).parent / "rules.yaml"
# Readings may arrive this much out of measured_at order before they count as late.
# Flink keeps one watermark per source partition: devices are spread over vitals.raw's
# partitions by key, so with more partitions the bound applies to fewer devices at a time.
OUT_OF_ORDER_SECONDS = 2
# Rule-episode and latest-value state of a patient without readings for this long is dropped.
STATE_TTL = "6 h"


@dataclass(frozen=True)
class VitalsJobSettings:
    source_topic: str
    group_id: str
    minute_topic: str
    alerts_topic: str
    dlq_topic: str

    @classmethod
    def of(cls, settings: Settings) -> "VitalsJobSettings":
        return cls(source_topic=settings.kafka.vitals_topic, group_id=f"hospital-flink-{JOB_NAME}",
                   minute_topic="vitals.minute", alerts_topic="alerts.vitals", dlq_topic="dlq.vitals")

    def table_options(self, settings: Settings) -> dict[str, dict[str, str]]:
        alerts = connectors.kafka_append_sink(settings, self.alerts_topic)
        # Key = alert_id, so a replayed alert lands on the same key (consumers dedupe by it).
        alerts.update({"key.format": "raw", "key.fields": "alert_id", "value.format": "json",
                       "value.fields-include": "ALL", "value.json.timestamp-format.standard": "ISO-8601"})
        for key in ("format", "json.encode.decimal-as-plain-number", "json.timestamp-format.standard"):
            alerts.pop(key)
        return {
            "vitals_raw": connectors.kafka_source(settings, [self.source_topic], self.group_id),
            "vitals_minute_topic": connectors.upsert_kafka_sink(settings, self.minute_topic),
            "vitals_minute_db": connectors.jdbc_sink(settings, "vitals_minute"),
            "vitals_latest_db": connectors.jdbc_sink(settings, "vitals_latest"),
            "alerts_topic": alerts,
            "alerts_db": connectors.jdbc_sink(settings, "vitals_alerts"),
            "dlq_vitals_topic": connectors.kafka_append_sink(settings, self.dlq_topic),
        }
