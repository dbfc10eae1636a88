"""Consumer groups that start where a test wants, so run time does not grow with the topics' history."""

from __future__ import annotations

from kafka import KafkaConsumer, TopicPartition
from kafka.structs import OffsetAndMetadata


def current_ends(bootstrap: str, topics: list[str]) -> dict[TopicPartition, int]:
    consumer = KafkaConsumer(bootstrap_servers=bootstrap)
    try:
        partitions = [TopicPartition(t, p) for t in topics for p in consumer.partitions_for_topic(t) or ()]
        return consumer.end_offsets(partitions)
    finally:
        consumer.close()


def commit_positions(bootstrap: str, groups: list[str], positions: dict[TopicPartition, int]) -> None:
    for group in groups:
        committer = KafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False)
        try:
            committer.commit({tp: OffsetAndMetadata(offset, "", -1) for tp, offset in positions.items()})
        finally:
            committer.close()


def start_groups_at_end(bootstrap: str, groups: list[str], topics: list[str]) -> None:
    """Commit today's end offsets for the groups, so they consume only what happens from now on.
    Topics that do not exist yet are read from their beginning."""
    commit_positions(bootstrap, groups, current_ends(bootstrap, topics))
