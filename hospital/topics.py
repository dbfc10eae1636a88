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


def ensure_topics(settings: Settings, topics: list[str]) -> list[str]:
    """Create the missing topics with the broker's default partitions and replication; returns those created.

    Flink's Kafka source fails its job when a listed topic does not exist yet (on a fresh
    broker, vitals.raw before the first reading), so jobs get their topics before they start.
    """
    from kafka.admin import KafkaAdminClient, NewTopic
    from kafka.errors import TopicAlreadyExistsError

    admin = KafkaAdminClient(bootstrap_servers=settings.kafka.bootstrap_servers, client_id="hospital-topics",
                             request_timeout_ms=10000)
    try:
        missing = sorted(set(topics) - set(admin.list_topics()))
        created = []
        for topic in missing:
            try:
                admin.create_topics([NewTopic(topic, num_partitions=-1, replication_factor=-1)])
                created.append(topic)
            except TopicAlreadyExistsError:
                pass  # created meanwhile by another client: what we wanted
        return created
    finally:
        admin.close()
