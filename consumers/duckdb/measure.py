"""Measuring the DuckDB consumer: sustained ingest throughput and commit -> queryable latency.

Reusable by `hospital bench`; every function returns a plain dict of figures.

- ingest_throughput: Debezium-shaped visit changes produced to a private topic, consumed by
  the real ConsumerLoop (parse, pseudonymise, Arrow, MERGE) into a temporary warehouse.
- sink_throughput: the sink alone (Arrow batches + MERGE) on generated changes, no Kafka.
- commit_to_queryable: rows committed in Postgres, timed until a fresh read-only open of the
  published warehouse file shows them (Debezium + Kafka + consumer + publish). Needs the
  consumer running (the `duckdb-consumer` service, or an in-process loop).
"""

from __future__ import annotations

import json
import random
import tempfile
import threading
import time
import uuid
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import duckdb

from consumers.core.changes import LSN_SPAN, Change
from consumers.core.tables import TABLES
from consumers.duckdb.sink import DuckDBSink
from consumers.duckdb.warehouse import Warehouse
from hospital.settings import Settings


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]


def summary_ms(samples_s: list[float]) -> dict:
    ms = [s * 1000 for s in samples_s]
    return {"samples": len(ms), "p50_ms": round(percentile(ms, 50), 1), "p95_ms": round(percentile(ms, 95), 1),
            "max_ms": round(max(ms), 1) if ms else None}


# -- synthetic changes -------------------------------------------------------------
def visit_event(visit_id: int, commit_lsn: int, lsn: int, cost: Decimal, op: str = "c") -> dict:
    """A Debezium envelope for a visits row, as the connector writes it (decimal and time as strings)."""
    row = {"visit_id": visit_id, "patient_id": visit_id % 997 + 1, "doctor_id": visit_id % 53 + 1,
           "visit_date": (date(2026, 1, 1) + timedelta(days=visit_id % 365)).isoformat() + "Z",
           "diagnosis": "Hypertension", "total_cost": str(cost),
           "created_at": "2026-01-01T00:00:00.000000Z", "updated_at": "2026-01-01T00:00:00.000000Z"}
    return {"before": None, "after": row, "op": op, "ts_ms": int(time.time() * 1000),
            "source": {"table": "visits", "lsn": lsn, "sequence": json.dumps([str(commit_lsn), str(lsn)]),
                       "ts_ms": int(time.time() * 1000)}}


def visit_changes(n: int, distinct_keys: int) -> list[Change]:
    row = dict.fromkeys(TABLES["visits"].columns)
    changes = []
    for i in range(n):
        key = i % distinct_keys + 1
        r = row | {"visit_id": key, "patient_id": key % 997 + 1, "doctor_id": key % 53 + 1,
                   "visit_date": date(2026, 1, 1) + timedelta(days=key % 365), "diagnosis": "Flu",
                   "total_cost": Decimal(i % 90000) / 100}
        changes.append(Change("visits", key, r, (i + 1) * LSN_SPAN + i, False, 0))
    return changes


# -- throughput ------------------------------------------------------------------------
class TimedSink:
    """Wraps a sink to time its writes: the first write starts the steady-state clock."""

    def __init__(self, sink: DuckDBSink):
        self.sink, self.name = sink, sink.name
        self.first_write: float | None = None
        self.last_write_end = 0.0
        self.write_seconds = 0.0

    def write(self, changes: list[Change]) -> None:
        started = time.perf_counter()
        self.first_write = self.first_write or started
        self.sink.write(changes)
        self.last_write_end = time.perf_counter()
        self.write_seconds += self.last_write_end - started


def sink_throughput(n: int = 200_000, batch_size: int = 5000, distinct_keys: int = 50_000) -> dict:
    """Changes per second through the sink alone (latest-per-key batches, as the loop hands them over)."""
    changes = visit_changes(n, distinct_keys)
    with tempfile.TemporaryDirectory() as tmp:
        sink = DuckDBSink(Warehouse.open(Path(tmp) / "work.duckdb"), None)
        started = time.perf_counter()
        for i in range(0, n, batch_size):
            batch = {c.key: c for c in changes[i:i + batch_size]}  # at most one change per key, like the loop
            sink.write(list(batch.values()))
        elapsed = time.perf_counter() - started
        rows = sink.warehouse.con.execute("SELECT count(*) FROM state.visits").fetchone()[0]
        sink.warehouse.close()
    return {"changes": n, "batch_size": batch_size, "seconds": round(elapsed, 2),
            "changes_per_s": round(n / elapsed), "rows": rows}


def ingest_throughput(settings: Settings, n: int = 100_000, distinct_keys: int = 50_000,
                      publish_interval_s: float = 2.0) -> dict:
    """Sustained changes/s of the whole consumer (Kafka -> parse -> pseudonymise -> DuckDB),
    with the publisher running, on Debezium-shaped events in a private topic (deleted after)."""
    from kafka import KafkaProducer
    from kafka.admin import KafkaAdminClient

    from consumers.duckdb.runner import build_loop

    topic = f"bench.duckdb.{uuid.uuid4().hex[:8]}"
    producer = KafkaProducer(bootstrap_servers=settings.kafka.bootstrap_servers, linger_ms=20,
                             batch_size=256 * 1024, compression_type="lz4")
    for i in range(n):
        event = visit_event(i % distinct_keys + 1, 10_000 + i, 10_000 + i, Decimal(i % 90000) / 100)
        producer.send(topic, key=str(i % distinct_keys + 1).encode(), value=json.dumps(event).encode())
    producer.flush()
    producer.close()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            sink = DuckDBSink(Warehouse.open(Path(tmp) / "work.duckdb"), Path(tmp) / "pub" / "hospital.duckdb",
                              publish_interval_s)
            timed = TimedSink(sink)
            loop = build_loop(settings, timed, group_id=f"bench-{topic}", topic_names=[topic])
            sink.start_publishing()
            started = time.perf_counter()
            done = threading.Event()

            def watch() -> None:
                while not done.wait(0.05):
                    if loop.stats.messages >= n:
                        loop.stop()
                        return

            threading.Thread(target=watch, daemon=True).start()
            loop.run(until_idle_s=30)
            elapsed = time.perf_counter() - started
            done.set()
            sink.stop_publishing()
            publishes = sink.publishes
            sink.warehouse.close()
    finally:
        admin = KafkaAdminClient(bootstrap_servers=settings.kafka.bootstrap_servers)
        try:
            admin.delete_topics([topic])
        finally:
            admin.close()
    steady = timed.last_write_end - (timed.first_write or timed.last_write_end)
    return {"messages": n, "changes_written": loop.stats.changes, "batches": loop.stats.batches,
            "seconds_total": round(elapsed, 2), "messages_per_s_total": round(n / elapsed),
            # from the first write to the last: excludes the consumer group join
            "seconds_steady": round(steady, 2), "changes_per_s_steady": round(n / steady) if steady else None,
            "share_of_time_in_sink": round(timed.write_seconds / steady, 2) if steady else None,
            "publishes": publishes}


# -- latency ----------------------------------------------------------------------------
def visible(published: Path, sql: str, params: list) -> bool:
    """True when a fresh read-only open of the published file answers `sql` with a row."""
    if not published.exists():
        return False
    try:
        con = duckdb.connect(str(published), read_only=True)
    except duckdb.Error:
        return False  # a publish renamed the file mid-open; the next poll sees the new one
    try:
        return con.execute(sql, params).fetchone() is not None
    finally:
        con.close()


def commit_to_queryable(settings: Settings, published: Path, samples: int = 10, timeout_s: float = 60.0,
                        poll_s: float = 0.05) -> dict:
    """Seconds from a Postgres commit until the published warehouse shows the row."""
    from hospital.postgres import connect

    marker = uuid.uuid4().hex[:8]
    latencies, ids = [], []
    with connect(settings) as conn:
        try:
            for i in range(samples):
                # Commit at a random point of the publish cycle, not just after the last publish.
                time.sleep(random.uniform(0, settings.duckdb.publish_interval_s))
                doctor_id = conn.execute(
                    "INSERT INTO doctors (name, specialization, experience_years) VALUES (%s, 'Benchmark', 1) "
                    "RETURNING doctor_id", (f"bench {marker} {i}",)).fetchone()[0]
                conn.commit()
                committed = time.monotonic()
                ids.append(doctor_id)
                while not visible(published, "SELECT 1 FROM doctors WHERE doctor_id = ?", [doctor_id]):
                    if time.monotonic() - committed > timeout_s:
                        raise TimeoutError(f"doctor {doctor_id} not in {published} after {timeout_s:.0f}s; "
                                           "is the duckdb-consumer running?")
                    time.sleep(poll_s)
                latencies.append(time.monotonic() - committed)
        finally:
            if ids:
                conn.execute("DELETE FROM doctors WHERE doctor_id = ANY(%s)", (ids,))
                conn.commit()
    return {"publish_interval_s": settings.duckdb.publish_interval_s, "poll_s": poll_s, **summary_ms(latencies)}
