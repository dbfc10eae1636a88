"""`hospital stream` and benchmarks: run the OLTP mix (and vitals) for a while, return the stats.

The thin I/O around the pure planner. Each worker thread owns a connection and a
planner and repeats: take a budget from the shared token bucket -> plan a batch ->
execute it in one pipeline round trip. Two workers overlap one's planning with the
other's wait on the server (psycopg releases the GIL while waiting).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import psycopg

from generator.database import GeneratorError, open_connection
from generator.sql import query
from generator.stream_executor import StreamExecutor
from generator.stream_plan import StreamPlanner
from generator.stream_stats import StreamStats
from generator.token_bucket import TokenBucket
from generator.values import medicine_from_row
from generator.vitals_keys import configured_keys
from generator.vitals_model import VitalsModel
from generator.vitals_send import VitalsSender
from hospital.settings import Settings

MAX = math.inf  # a rate meaning "as fast as possible"
FLAT_OUT_BATCH_ROWS = 600  # ~150 transactions per round trip when unthrottled
MAX_PATIENTS = 200_000
MAX_DEVICES = 100_000
PROGRESS_INTERVAL = 0.25


@dataclass
class Reference:
    doctors: list
    medicines: list
    patient_ids: list[int]


def load_reference(conn: psycopg.Connection, schema: str) -> Reference:
    doctors = [(d, s) for d, s in conn.execute(query("reference_doctors")).fetchall()]
    medicines = [(mid, medicine_from_row(name, category))
                 for mid, name, category in conn.execute(query("reference_medicines")).fetchall()]
    patients = sorted(row[0] for row in conn.execute(query("reference_patients"), {"limit": MAX_PATIENTS}))
    if not (doctors and medicines and patients):
        raise GeneratorError(f"no doctors, medicines or patients in schema {schema!r}: run `hospital seed` first")
    return Reference(doctors, medicines, patients)


class StreamWorker(threading.Thread):
    def __init__(self, conn: psycopg.Connection, planner: StreamPlanner, patient_ids: list[int],
                 bucket: TokenBucket | None, stop: threading.Event):
        super().__init__(name=f"stream-worker-{planner.worker}", daemon=True)
        self.stats = StreamStats()
        self.executor = StreamExecutor(conn, patient_ids, self.stats)
        self.planner = planner
        self.bucket = bucket
        self.stop_event = stop
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            while not self.stop_event.is_set():
                self.step()
        except BaseException as exc:  # handed to the main thread, which reports it
            self.error = exc
            self.stop_event.set()

    def step(self) -> None:
        if self.bucket is None:
            self.executor.run(self.planner.next_batch(FLAT_OUT_BATCH_ROWS))
            return
        granted, wait = self.bucket.reserve()
        if wait > 0:
            self.stop_event.wait(min(wait, 0.05))
            return
        batch = self.planner.next_batch(granted)
        self.bucket.settle(granted, batch.rows)
        self.executor.run(batch)


def default_workers(rate: float) -> int:
    # One connection keeps low rates simple. At high rates several keep Postgres busy while
    # Python plans; on the 2-core dev machine 3 measured best (2: ~4.8k, 3: ~5.5-7k rows/s).
    return 1 if rate < 1000 else 3


def run_stream(settings: Settings, *, rate: float = 100.0, duration: float | None = None, vitals_rate: float = 0.0,
               seed: int = 0, schema: str = "public", vitals_topic: str | None = None, durable: bool = False,
               workers: int | None = None, stop: threading.Event | None = None,
               progress: Callable[[StreamStats], None] | None = None,
               episode_chance: float | None = None) -> StreamStats:
    """Stream for `duration` seconds (None: until `stop` is set) and return what was achieved.

    rate (row changes/s) and vitals_rate (readings/s): MAX means as fast as possible;
    vitals_rate 0 means no vitals. Unless `durable`, synchronous commit is off for these
    sessions only: commits do not wait for the WAL flush (on a shared disk that wait, not
    the CPU, capped the rate at ~2,000 rows/s). A crash may then lose the last fraction of
    a second of generated transactions; CDC never sees them either, as only flushed WAL is
    decoded, so Postgres and the sinks still agree.
    """
    stop = stop or threading.Event()
    total = StreamStats(target_rate=None if rate == MAX else rate,
                        vitals_target_rate=None if vitals_rate == MAX else (vitals_rate or None))
    keys = configured_keys(settings)
    connections = []
    sender = None
    try:
        for _ in range(workers or default_workers(rate)):
            conn = open_connection(settings, schema, autocommit=True)
            connections.append(conn)
            if not durable:
                conn.execute("SET synchronous_commit TO off")
        reference = load_reference(connections[0], schema)
        if vitals_rate:
            sender = start_vitals(settings, connections[0], schema, seed, vitals_rate, vitals_topic, keys,
                                  episode_chance)
        bucket = None if rate == MAX else TokenBucket(rate, capacity=max(1.0, rate * 0.05))
        today = date.today()
        pool = [StreamWorker(conn, StreamPlanner(seed, doctors=reference.doctors, medicines=reference.medicines,
                                                 patient_count=len(reference.patient_ids), today=today,
                                                 key_ids=sorted(keys), worker=index),
                             reference.patient_ids, bucket, stop)
                for index, conn in enumerate(connections)]
        watch(pool, sender, total, duration, stop, progress)
    finally:
        stop.set()
        if sender is not None:
            sender.close()
            collect_vitals(total, sender)
        for conn in connections:
            conn.close()
    failure = next((w.error for w in pool if w.error is not None), None)
    if isinstance(failure, psycopg.OperationalError):
        raise GeneratorError(f"lost the Postgres connection: {str(failure).strip().splitlines()[0]}")
    if failure is not None:
        raise failure
    if progress:
        progress(total)
    return total


def watch(pool: list[StreamWorker], sender: VitalsSender | None, total: StreamStats, duration: float | None,
          stop: threading.Event, progress) -> None:
    """Start the workers, report progress, and stop them at the deadline (or on `stop`)."""
    started = time.monotonic()
    deadline = started + duration if duration else math.inf
    for worker in pool:
        worker.start()
    try:
        while not stop.is_set():
            now = time.monotonic()
            if now >= deadline:
                break
            refresh(total, pool, sender, now - started)
            if progress:
                progress(total)
            stop.wait(min(PROGRESS_INTERVAL, deadline - now))
    finally:
        stop.set()
        for worker in pool:
            worker.join()
        refresh(total, pool, sender, time.monotonic() - started)


def refresh(total: StreamStats, pool: list[StreamWorker], sender: VitalsSender | None, elapsed: float) -> None:
    fresh = StreamStats()
    for worker in pool:
        fresh.add(worker.stats)
    for name in ("row_changes", "transactions", "failed", "skipped", "changes", "by_kind", "last_error"):
        setattr(total, name, getattr(fresh, name))
    total.elapsed = elapsed
    if sender is not None:
        collect_vitals(total, sender)


def start_vitals(settings: Settings, conn: psycopg.Connection, schema: str, seed: int, rate: float,
                 topic: str | None, keys: dict, episode_chance: float | None) -> VitalsSender:
    devices = conn.execute(query("reference_devices"), {"limit": MAX_DEVICES}).fetchall()
    if not devices:
        raise GeneratorError(f"no active devices in schema {schema!r}: run `hospital seed` first")
    model = VitalsModel(seed, devices) if episode_chance is None else VitalsModel(seed, devices, episode_chance)
    sender = VitalsSender(kafka_producer(settings), topic or settings.kafka.vitals_topic, model,
                          None if rate == MAX else rate, keys, threading.Event())
    sender.start()
    return sender


def kafka_producer(settings: Settings):
    from kafka import KafkaProducer
    from kafka.errors import KafkaError

    servers = settings.kafka.bootstrap_servers
    try:
        # gzip (zlib, in C) shrinks the batches kafka-python then checksums in pure Python:
        # measured +25% readings/s for envelopes, +10% for clear readings.
        return KafkaProducer(bootstrap_servers=servers, client_id="hospital-generator", acks=1,
                             linger_ms=20, batch_size=256 * 1024, compression_type="gzip",
                             request_timeout_ms=15000)
    except KafkaError as exc:
        raise GeneratorError(f"cannot reach Kafka at {servers} ({exc}); start it with `hospital up` "
                             "or set HOSPITAL_KAFKA__BOOTSTRAP_SERVERS") from None


def collect_vitals(stats: StreamStats, sender: VitalsSender) -> None:
    stats.vitals_sent = sender.sent
    stats.vitals_seconds = sender.seconds
    stats.vitals_errors = sender.errors
    stats.episodes_active = sender.model.episodes_active
    if sender.crashed is not None and stats.last_error is None:
        stats.last_error = f"vitals: {sender.crashed}"
