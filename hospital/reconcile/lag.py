"""Wait until every stage has caught up: the Debezium slot and each consumer group."""

from __future__ import annotations

import time

from kafka import KafkaAdminClient, KafkaConsumer

from hospital.postgres import connect
from hospital.settings import Settings


def slot_caught_up(settings: Settings, target_lsn: str) -> bool:
    """Debezium has confirmed everything written up to target_lsn."""
    with connect(settings) as conn:
        row = conn.execute(
            "SELECT confirmed_flush_lsn >= %s::pg_lsn FROM pg_replication_slots WHERE slot_name = %s",
            (target_lsn, settings.postgres.slot)).fetchone()
    return bool(row and row[0])


def current_lsn(settings: Settings) -> str:
    with connect(settings) as conn:
        return conn.execute("SELECT pg_current_wal_lsn()::text").fetchone()[0]


def group_lag(settings: Settings, group: str) -> int | None:
    """Messages not yet committed by the group over the topics it consumes; None if unknown."""
    admin = KafkaAdminClient(bootstrap_servers=settings.kafka.bootstrap_servers, client_id="hospital-reconcile")
    consumer = KafkaConsumer(bootstrap_servers=settings.kafka.bootstrap_servers, client_id="hospital-reconcile")
    try:
        committed = admin.list_group_offsets([group]).get(group) or {}
        if not committed:
            return None
        ends = consumer.end_offsets(list(committed))
        return sum(max(0, ends[tp] - meta.offset) for tp, meta in committed.items() if meta.offset >= 0)
    finally:
        admin.close()
        consumer.close()


def consumer_groups(settings: Settings) -> dict[str, str]:
    # The cdc_enrich job commits its offsets on each checkpoint (flink.checkpoint_interval_ms).
    return {"analytics": "hospital-flink-cdc_enrich", "clickhouse": settings.clickhouse.group_id, "duckdb": settings.duckdb.group_id,
            "lake": settings.lake.group_id}


def wait_for_zero_lag(settings: Settings, sinks: list[str], timeout: float, progress=lambda _: None) -> dict:
    """Block until the slot and the sinks' groups have no lag; returns the last lag seen."""
    target = current_lsn(settings)
    groups = {s: g for s, g in consumer_groups(settings).items() if s in sinks}
    deadline = time.monotonic() + timeout
    while True:
        lag = {"debezium": 0 if slot_caught_up(settings, target) else None}
        lag |= {sink: group_lag(settings, group) for sink, group in groups.items()}
        if all(v == 0 for v in lag.values()):
            return lag
        if time.monotonic() > deadline:
            return lag
        progress(f"waiting for lag to reach zero: {lag}")
        time.sleep(2)
