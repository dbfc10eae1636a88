"""Run the DuckDB consumer: Kafka -> working database -> published warehouse file.

    python -m consumers.duckdb.runner      (supervised as `duckdb-consumer` by `hospital up`)
"""

from __future__ import annotations

import logging
import sys

from consumers.core.runner import ConsumerLoop
from consumers.duckdb.settings import DuckDBConfig, config, topics
from consumers.duckdb.sink import DuckDBSink
from consumers.duckdb.warehouse import Warehouse
from hospital.errors import HospitalError
from hospital.privacy import pseudonym_key
from hospital.settings import Settings, get_settings

log = logging.getLogger("consumers.duckdb")


def open_sink(cfg: DuckDBConfig) -> DuckDBSink:
    options = cfg.options
    warehouse = Warehouse.open(cfg.work, options.storage_version, options.threads, options.memory_limit)
    return DuckDBSink(warehouse, cfg.published, options.publish_interval_s, alive_path=cfg.alive)


def build_loop(settings: Settings, sink: DuckDBSink, group_id: str | None = None,
               topic_names: list[str] | None = None) -> ConsumerLoop:
    options = settings.duckdb
    return ConsumerLoop(
        sink=sink,
        topics=topic_names or topics(settings),
        group_id=group_id or options.group_id,
        bootstrap_servers=settings.kafka.bootstrap_servers,
        pseudonym_key=pseudonym_key(settings),
        max_records=options.max_batch_records,
        poll_timeout_ms=options.poll_timeout_ms,
    )


def run(settings: Settings) -> None:
    cfg = config(settings)
    sink = open_sink(cfg)
    try:
        sink.publish(force=True)
        sink.start_publishing()
        log.info("publishing %s every %.1fs; working database %s", cfg.published,
                 cfg.options.publish_interval_s, cfg.work)
        stats = build_loop(settings, sink).run()
        log.info("stopped after %d batches, %d changes, %d dead letters", stats.batches, stats.changes,
                 stats.dead_letters)
    finally:
        sink.stop_publishing()
        sink.publish()  # whatever was written last is visible after a clean stop
        sink.warehouse.close()


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        run(get_settings())
    except HospitalError as exc:
        log.error("%s", exc)
        sys.exit(1)


if __name__ == "__main__":
    main()
