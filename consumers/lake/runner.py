"""Run the lake consumer: Kafka -> raw and curated Parquet files (directory or GCS).

    python -m consumers.lake.runner            # until SIGTERM (the supervised service)

Each poll becomes one sink write of Arrow tables; offsets are committed after the files
are stored, and a replay rewrites the same files (see paths.py), so delivery is
effectively exactly-once in the lake.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

from kafka import KafkaConsumer, KafkaProducer

from consumers.core.runner import ConsumerLoop
from consumers.lake.events import LocatedChange
from consumers.lake.settings import lake_store, lake_topics
from consumers.lake.sink import LakeSink
from hospital.privacy import pseudonym_key
from hospital.settings import Settings, get_settings

log = logging.getLogger(__name__)


@dataclass
class LakeLoop(ConsumerLoop):
    """ConsumerLoop that hands the sink every event with its Kafka position.

    Unlike table sinks the lake keeps every event (raw layer), so the batch is not
    reduced to the latest version per key here; the curated layer does that per file.
    """

    def consumer(self) -> KafkaConsumer:
        # Same options as every sink, but subscribing must not create the Flink output
        # topics (with broker defaults) before their jobs do; they are picked up once they exist.
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
            allow_auto_create_topics=False,
            metadata_max_age_ms=30_000,  # notice new output topics within 30 s
        )

    def process(self, records, producer: KafkaProducer) -> None:
        located = [LocatedChange(change, record.topic, record.partition, record.offset, record.timestamp)
                   for record, change in self.parse_records(records, producer)]
        if located:
            self.write_with_retry(located)
            self.stats.changes += len(located)


def build_loop(settings: Settings, root: str | None = None, group_id: str | None = None,
               topics: list[str] | None = None) -> LakeLoop:
    lake = settings.lake
    sink = LakeSink(lake_store(settings, root), span=lake.file_offsets)
    return LakeLoop(sink=sink, topics=topics or lake_topics(settings), group_id=group_id or lake.group_id,
                    bootstrap_servers=settings.kafka.bootstrap_servers, pseudonym_key=pseudonym_key(settings),
                    max_records=lake.max_batch_records, poll_timeout_ms=lake.poll_timeout_ms)


def ready_file(settings: Settings):
    return settings.local_dir / "run" / "lake-consumer.ready"


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s - %(message)s")
    settings = get_settings()
    loop = build_loop(settings)  # fails here, before "ready", if the root is unusable
    marker = ready_file(settings)
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(str(os.getpid()))
    log.info("lake consumer: %s -> %s (group %s)", ", ".join(loop.topics), loop.sink.store.root, loop.group_id)
    try:
        stats = loop.run()
    finally:
        marker.unlink(missing_ok=True)
    log.info("lake consumer stopped: %s", stats)


if __name__ == "__main__":
    main()
