"""Run the ClickHouse consumer: `python -m consumers.clickhouse.runner` (supervised locally).

Start-up: open the engine (chDB directory or server), apply the DDL, serve read-only
queries, then run the shared batch loop (poll -> parse/dead-letter -> pseudonymise ->
write -> commit) over the Debezium topics and the Flink output topics.
"""

from __future__ import annotations

import logging
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass

from clickhouse_connect.driver.client import Client
from kafka.errors import KafkaError

from consumers.clickhouse.blocks import check_change
from consumers.clickhouse.connection import open_client
from consumers.clickhouse.query_endpoint import QueryEndpoint
from consumers.clickhouse.schema import apply_schema
from consumers.clickhouse.settings import SinkConfig, sink_config
from consumers.clickhouse.sink import ClickHouseSink
from consumers.core.changes import Change
from consumers.core.runner import ConsumerLoop, LoopStats, parse_record
from hospital.errors import HospitalError

log = logging.getLogger("consumers.clickhouse")


@dataclass
class Engine:
    writer: Client
    reader: Client  # read-only handle for ad hoc queries
    lock: threading.Lock

    def close(self) -> None:
        self.reader.close()
        self.writer.close()


def open_engine(cfg: SinkConfig) -> Engine:
    writer = open_client(cfg)
    try:
        apply_schema(writer, cfg.database)
        reader = open_client(cfg, read_only=True, database=cfg.database)
    except BaseException:
        writer.close()
        raise
    return Engine(writer, reader, threading.Lock())


def parse(topic: str, value: bytes | None) -> Change | None:
    return check_change(parse_record(topic, value))


def build_loop(cfg: SinkConfig, sink: ClickHouseSink, pseudonym_key: str) -> ConsumerLoop:
    return ConsumerLoop(
        sink=sink, topics=list(cfg.topics), group_id=cfg.group_id, bootstrap_servers=cfg.bootstrap_servers,
        pseudonym_key=pseudonym_key, dlq_topic=cfg.dlq_topic, parse=parse,
        max_records=cfg.max_batch_records, poll_timeout_ms=cfg.poll_timeout_ms,
    )


@contextmanager
def running_consumer(cfg: SinkConfig, pseudonym_key: str):
    """Engine, sink, loop and query endpoint, ready to run; everything closed on exit."""
    engine = open_engine(cfg)
    try:
        sink = ClickHouseSink(engine.writer, engine.lock)
        loop = build_loop(cfg, sink, pseudonym_key)
        endpoint = QueryEndpoint(engine.reader, engine.lock, cfg.query_host, cfg.query_port,
                                 health=lambda: {"group": cfg.group_id, **vars(loop.stats), **vars(sink.stats)})
        endpoint.start()
        try:
            yield loop, endpoint
        finally:
            endpoint.stop()
    finally:
        engine.close()


def run(cfg: SinkConfig, pseudonym_key: str, **run_options) -> LoopStats:
    with running_consumer(cfg, pseudonym_key) as (loop, _endpoint):
        log.info("consuming %d topics as group %s into %s (%s)", len(cfg.topics), cfg.group_id,
                 cfg.database, cfg.chdb_path or cfg.dsn)
        return loop.run(**run_options)


def main() -> None:
    from hospital.privacy import pseudonym_key
    from hospital.settings import get_settings

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        settings = get_settings()
        stats = run(sink_config(settings), pseudonym_key(settings))
    except (HospitalError, OSError, KafkaError) as exc:
        log.error("%s; exiting without committing the batch in progress (it is replayed on restart)", exc)
        sys.exit(1)
    log.info("stopped: %s", stats)


if __name__ == "__main__":
    main()
