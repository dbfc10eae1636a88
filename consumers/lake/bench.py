"""Lake write throughput: synthetic change batches through the sink into a store.

Reusable by `hospital bench`: measure_sink() takes any Store (directory or GCS/emulator)
and reports sustained changes/s over many poll-sized batches, the way the consumer writes.
"""

from __future__ import annotations

import time
from datetime import date, datetime, timezone
from decimal import Decimal

from consumers.core.changes import Change
from consumers.core.privacy_step import pseudonymise
from consumers.lake.events import LocatedChange
from consumers.lake.sink import LakeSink
from consumers.lake.storage import Store

START_MS = int(datetime(2026, 1, 1, tzinfo=timezone.utc).timestamp() * 1000)
KEYS_PER_TABLE = 50_000


def synthetic_batch(start: int, size: int, events_per_second: int = 500) -> list[LocatedChange]:
    """size events with offsets start.., spread over visits, billing and patients (pseudonymised)."""
    events = []
    for i in range(start, start + size):
        ts = START_MS + i * 1000 // events_per_second
        kind = i % 3
        key = i % KEYS_PER_TABLE + 1
        created = datetime.fromtimestamp(ts / 1000, tz=timezone.utc)
        if kind == 0:
            change = Change("visits", key, {
                "visit_id": key, "patient_id": key % 5000 + 1, "doctor_id": key % 200 + 1,
                "visit_date": date(2026, 1, 1), "diagnosis": "Hypertension", "total_cost": Decimal(f"{i % 900}.50"),
                "created_at": created, "updated_at": created}, i * 10, i % 17 == 0, ts)
            topic = "hospital.public.visits"
        elif kind == 1:
            change = Change("billing_payments", key, {
                "billing_id": key, "patient_id": key % 5000 + 1, "visit_id": key, "billing_date": date(2026, 1, 2),
                "total_amount": Decimal(f"{i % 900}.50"), "payment_status": "Paid",
                "created_at": created, "updated_at": created}, i * 10, False, ts)
            topic = "hospital.public.billing_payments"
        else:
            change = pseudonymise(Change("patients", key, {
                "patient_id": key, "full_name": f"Person {key}", "date_of_birth": date(1980, 5, 17),
                "gender": "Female", "blood_type": "O+", "contact_info": f"+1-555-{key:07d}",
                "insurance_id": f"INS-{key}", "created_at": created, "updated_at": created}, i * 10, False, ts),
                "bench-key", today=date(2026, 1, 1))
            topic = "hospital.public.patients"
        events.append(LocatedChange(change, topic, 0, i // 3, ts + 20))
    return events


def measure_sink(store: Store, changes: int = 100_000, batch: int = 5_000, span: int = 10_000) -> dict:
    """Write `changes` events in poll-sized batches; batch building is excluded from the timing."""
    sink = LakeSink(store, span=span)
    batches = [synthetic_batch(start, min(batch, changes - start)) for start in range(0, changes, batch)]
    started = time.perf_counter()
    for events in batches:
        sink.write(events)
    seconds = time.perf_counter() - started
    return {
        "store": store.root,
        "changes": changes,
        "batch": batch,
        "file_offsets": span,
        "seconds": round(seconds, 3),
        "changes_per_s": round(changes / seconds),
        "file_writes": sink.files_written,
        "files": len(store.list()),
    }


def debezium_messages(count: int, start_ms: int = START_MS) -> list[tuple[bytes, bytes]]:
    """(key, value) Debezium envelopes for visits: inserts then updates over 50k keys."""
    import orjson

    messages = []
    for i in range(count):
        key = i % KEYS_PER_TABLE + 1
        ts = start_ms + i
        after = {"visit_id": key, "patient_id": key % 5000 + 1, "doctor_id": key % 200 + 1,
                 "visit_date": "2026-01-01Z", "diagnosis": "Hypertension", "total_cost": f"{i % 900}.50",
                 "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"}
        lsn = 1_000_000 + i * 10
        value = {"before": None, "after": after, "op": "c" if i < KEYS_PER_TABLE else "u", "ts_ms": ts,
                 "source": {"table": "visits", "lsn": lsn, "sequence": f'["{lsn}","{lsn}"]', "ts_ms": ts}}
        messages.append((orjson.dumps({"visit_id": key}), orjson.dumps(value)))
    return messages


def measure_loop(settings, store: Store, changes: int = 100_000, topic: str | None = None) -> dict:
    """End to end: produce Debezium envelopes to a scratch topic, then time the lake loop over them.

    Covers poll, parse, pseudonymise, Arrow, Parquet and the store; the scratch topic is
    deleted afterwards.
    """
    import uuid

    from kafka import KafkaProducer
    from kafka.admin import KafkaAdminClient

    from consumers.lake.runner import LakeLoop
    from hospital.privacy import pseudonym_key

    topic = topic or f"bench.lake.{uuid.uuid4().hex[:8]}"
    bootstrap = settings.kafka.bootstrap_servers
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=20, batch_size=512 * 1024,
                             compression_type="lz4")
    for key, value in debezium_messages(changes):
        producer.send(topic, key=key, value=value)
    producer.flush()
    producer.close()
    loop = LakeLoop(sink=LakeSink(store, span=settings.lake.file_offsets), topics=[topic],
                    group_id=f"{topic}-group", bootstrap_servers=bootstrap, pseudonym_key=pseudonym_key(settings),
                    max_records=settings.lake.max_batch_records, poll_timeout_ms=500)
    try:
        started = time.perf_counter()
        loop.run(until_idle_s=3.0)
        seconds = time.perf_counter() - started - 3.0  # minus the idle wait that ends the run
    finally:
        admin = KafkaAdminClient(bootstrap_servers=bootstrap)
        try:
            admin.delete_topics([topic])
        finally:
            admin.close()
    return {
        "store": store.root,
        "topic": topic,
        "changes": loop.stats.changes,
        "batches": loop.stats.batches,
        "seconds": round(seconds, 3),
        "changes_per_s": round(loop.stats.changes / seconds) if seconds > 0 else None,
        "files": len(store.list()),
    }
