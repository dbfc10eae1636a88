"""Connector options of the jobs' tables, built from settings (rendered into the .sql files' WITH clauses)."""

from __future__ import annotations

from hospital.settings import Settings


def bootstrap_servers(settings: Settings) -> str:
    """Kafka as the TaskManagers reach it."""
    return settings.flink.kafka_bootstrap_servers or settings.kafka.bootstrap_servers


def kafka_source(settings: Settings, topics: list[str], group_id: str) -> dict[str, str]:
    """Raw bytes of each record plus its key; the SQL parses and validates, so nothing is dropped unseen."""
    return {
        "connector": "kafka",
        "topic": ";".join(topics),
        "properties.bootstrap.servers": bootstrap_servers(settings),
        "properties.group.id": group_id,
        # First start reads the whole history; a restart resumes from the checkpointed offsets.
        "scan.startup.mode": "earliest-offset",
        "properties.auto.offset.reset": "earliest",
        "key.format": "raw",
        "key.fields": "msg_key",
        "value.format": "raw",
        "value.fields-include": "EXCEPT_KEY",
    }


def upsert_kafka_sink(settings: Settings, topic: str) -> dict[str, str]:
    """JSON rows keyed by the table's primary key; decimals as plain numbers.

    The buffer keeps only the last row per key for 100 ms, which also folds a join's
    retract-then-insert pair (a dimension arriving after its fact) into one message.
    """
    return {
        "connector": "upsert-kafka",
        "topic": topic,
        "properties.bootstrap.servers": bootstrap_servers(settings),
        "properties.linger.ms": "5",
        "properties.compression.type": "lz4",
        "key.format": "json",
        "value.format": "json",
        "value.fields-include": "ALL",
        "value.json.encode.decimal-as-plain-number": "true",
        "value.json.timestamp-format.standard": "ISO-8601",
        "key.json.encode.decimal-as-plain-number": "true",
        "sink.buffer-flush.max-rows": "2000",
        "sink.buffer-flush.interval": "100ms",
    }


def kafka_append_sink(settings: Settings, topic: str) -> dict[str, str]:
    """Append-only JSON records (dead letters, alerts). At-least-once: flushed on every checkpoint."""
    return {
        "connector": "kafka",
        "topic": topic,
        "properties.bootstrap.servers": bootstrap_servers(settings),
        "properties.linger.ms": "5",
        "properties.compression.type": "lz4",
        "format": "json",
        "json.encode.decimal-as-plain-number": "true",
        "json.timestamp-format.standard": "ISO-8601",
        "sink.delivery-guarantee": "at-least-once",
    }


def jdbc_sink(settings: Settings, table: str) -> dict[str, str]:
    """Upsert into hospital_analytics (INSERT ... ON CONFLICT on the table's primary key).

    The password comes from settings (environment or the local secret file) at submission;
    it is rendered as a quoted option and never written to a file.
    """
    pg = settings.postgres
    host, port = settings.flink.database_host or pg.host, settings.flink.database_port or pg.port
    return {
        "connector": "jdbc",
        "url": f"jdbc:postgresql://{host}:{port}/{pg.analytics_database}",
        "table-name": table,
        "username": pg.user,
        "password": settings.secret("postgres", "password"),
        "sink.buffer-flush.max-rows": "1000",
        "sink.buffer-flush.interval": "200ms",
        "sink.max-retries": "5",
    }
