"""The batch loop every sink consumer runs.

poll a batch -> parse (bad messages to the dead-letter topic) -> pseudonymise ->
sink.write(batch) -> commit offsets. Offsets are committed only after the sink's write
returned (durable), so a crash replays the batch; sinks keep the highest version per
key, so the replay leaves exactly the source's state.
"""

from __future__ import annotations

import logging
import signal
import time
from dataclasses import dataclass, field
from typing import Callable, Protocol

from kafka import KafkaConsumer, KafkaProducer
from kafka.errors import KafkaError

from consumers.core.changes import BadEvent, Change, latest_per_key, parse_change
from consumers.core.dead_letters import dead_letter
from consumers.core.outputs import FLINK_OUTPUTS, parse_output
from consumers.core.privacy_step import pseudonymise

log = logging.getLogger(__name__)


class Sink(Protocol):
    name: str

    def write(self, changes: list[Change]) -> None:
        """Apply the changes idempotently (highest version per key wins); durable on return."""


@dataclass
class LoopStats:
    messages: int = 0
    changes: int = 0
    dead_letters: int = 0
    batches: int = 0
    last_commit_monotonic: float = field(default_factory=time.monotonic)


@dataclass
class ConsumerLoop:
    sink: Sink
    topics: list[str]
    group_id: str
    bootstrap_servers: str
    pseudonym_key: str
    dlq_topic: str = "dlq.consumers"
    parse: Callable[[str, bytes | None], Change | None] = None  # type: ignore[assignment]
    max_records: int = 5000
    poll_timeout_ms: int = 500
    stats: LoopStats = field(default_factory=LoopStats)
    _stop: bool = False

    def consumer(self) -> KafkaConsumer:
        return KafkaConsumer(
            *self.topics,
            bootstrap_servers=self.bootstrap_servers,
            group_id=self.group_id,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            isolation_level="read_committed",
            max_poll_records=self.max_records,
            fetch_max_bytes=64 * 1024 * 1024,
            client_id=f"{self.group_id}-consumer",
        )

    def run(self, max_batches: int | None = None, until_idle_s: float | None = None) -> LoopStats:
        """Consume until stopped (SIGTERM/SIGINT), max_batches, or until_idle_s without messages."""
        consumer, producer = self.consumer(), KafkaProducer(bootstrap_servers=self.bootstrap_servers, acks="all")
        self._install_signal_handlers()
        idle_since = time.monotonic()
        try:
            while not self._stop and (max_batches is None or self.stats.batches < max_batches):
                polled = consumer.poll(timeout_ms=self.poll_timeout_ms, max_records=self.max_records)
                records = [r for batch in polled.values() for r in batch]
                if not records:
                    if until_idle_s is not None and time.monotonic() - idle_since > until_idle_s:
                        break
                    continue
                idle_since = time.monotonic()
                self.process(records, producer)
                consumer.commit()
                self.stats.batches += 1
                self.stats.last_commit_monotonic = time.monotonic()
        finally:
            consumer.close(autocommit=False)
            producer.close()
        return self.stats

    def process(self, records, producer: KafkaProducer) -> None:
        changes = [change for _, change in self.parse_records(records, producer)]
        if changes:
            batch = latest_per_key(changes)
            self.write_with_retry(batch)
            self.stats.changes += len(batch)

    def parse_records(self, records, producer: KafkaProducer) -> list[tuple[object, Change]]:
        """(record, pseudonymised change) pairs; bad messages go to the dead-letter topic.

        Sinks that need the Kafka position of each change (the lake names files after
        offsets) override process() and use this directly.
        """
        parsed: list[tuple[object, Change]] = []
        for record in records:
            try:
                change = (self.parse or parse_record)(record.topic, record.value)
            except BadEvent as exc:
                producer.send(self.dlq_topic, key=record.key, value=dead_letter(
                    str(exc), record.topic, record.partition, record.offset, record.key, record.value, self.sink.name))
                self.stats.dead_letters += 1
                log.warning("dead letter %s[%s]@%s: %s", record.topic, record.partition, record.offset, exc)
                continue
            if change is not None:
                parsed.append((record, pseudonymise(change, self.pseudonym_key)))
        self.stats.messages += len(records)
        if self.stats.dead_letters:
            producer.flush()  # dead letters are durable before the offsets move past them
        return parsed

    def write_with_retry(self, batch: list[Change], attempts: int = 5) -> None:
        delay = 0.5
        for attempt in range(1, attempts + 1):
            try:
                self.sink.write(batch)
                return
            except (OSError, KafkaError, TimeoutError) as exc:  # transient: retry with backoff
                if attempt == attempts:
                    raise
                log.warning("%s write failed (%s), retry %d in %.1fs", self.sink.name, exc, attempt, delay)
                time.sleep(delay)
                delay *= 2

    def stop(self, *_args) -> None:
        self._stop = True

    def _install_signal_handlers(self) -> None:
        try:
            signal.signal(signal.SIGTERM, self.stop)
            signal.signal(signal.SIGINT, self.stop)
        except ValueError:
            pass  # not the main thread (tests): stop() is called directly


def parse_record(topic: str, value: bytes | None) -> Change | None:
    """Debezium topics and Flink output topics share one loop; dispatch on the topic."""
    if topic in FLINK_OUTPUTS:
        return parse_output(topic, value)
    return parse_change(value)
