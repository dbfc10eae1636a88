"""Reading change events for specific keys from the Debezium topics."""

from __future__ import annotations

import json
import time

from kafka import KafkaConsumer, TopicPartition


class TopicWatcher:
    """Collects a topic's events published from (about) the moment it was created.

    Starts from the offset of `since_ms` (a few seconds before creation), so topics
    that do not exist yet (a fresh stack) are handled too.
    """

    def __init__(self, bootstrap: str, topic: str):
        self.topic = topic
        self.since_ms = int(time.time() * 1000) - 5000
        self.consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False,
                                      max_poll_records=5000)
        self.assigned = False

    def _assign(self, deadline: float) -> bool:
        while time.monotonic() < deadline:
            self.consumer.topics()  # refresh metadata
            partitions = self.consumer.partitions_for_topic(self.topic)
            if partitions:
                tps = [TopicPartition(self.topic, p) for p in partitions]
                self.consumer.assign(tps)
                offsets = self.consumer.offsets_for_times({tp: self.since_ms for tp in tps})
                for tp in tps:
                    if offsets.get(tp) is not None:
                        self.consumer.seek(tp, offsets[tp].offset)
                    else:
                        self.consumer.seek_to_beginning(tp)
                self.assigned = True
                return True
            time.sleep(0.5)
        return False

    def collect(self, predicate, expected: int, timeout: float = 60.0) -> list:
        """(key, value dict or None, record) tuples satisfying predicate(key, value)."""
        found = []
        deadline = time.monotonic() + timeout
        if not self.assigned and not self._assign(deadline):
            return found
        while len(found) < expected and time.monotonic() < deadline:
            for batch in self.consumer.poll(timeout_ms=500).values():
                for record in batch:
                    key = json.loads(record.key) if record.key else None
                    value = json.loads(record.value) if record.value else None
                    if predicate(key, value):
                        found.append((key, value, record))
        return found

    def close(self) -> None:
        self.consumer.close()
