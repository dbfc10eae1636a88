"""Topic inventory: message counts per topic from the broker's offsets."""

from __future__ import annotations

from kafka import KafkaConsumer, TopicPartition

from hospital.settings import Settings

INTERNAL_PREFIXES = ("__", "hospital-connect-")


def topic_counts(settings: Settings, prefix: str | None = None) -> dict[str, int]:
    """Messages currently held per topic (end offset minus beginning offset, summed over partitions)."""
    consumer = KafkaConsumer(bootstrap_servers=settings.kafka.bootstrap_servers, client_id="hospital-status",
                             request_timeout_ms=10000)
    try:
        counts = {}
        for topic in sorted(consumer.topics()):
            if topic.startswith(INTERNAL_PREFIXES) or (prefix and not topic.startswith(prefix)):
                continue
            partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or ()]
            ends = consumer.end_offsets(partitions)
            begins = consumer.beginning_offsets(partitions)
            counts[topic] = sum(ends[tp] - begins[tp] for tp in partitions)
        return counts
    finally:
        consumer.close()
