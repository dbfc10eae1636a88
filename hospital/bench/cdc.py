"""CDC backbone figures: Debezium throughput and commit -> topic latency, and the
logical-decoding ceiling of the same workload measured with pg_recvlogical."""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time
import uuid
from dataclasses import dataclass, field

from kafka import KafkaConsumer, TopicPartition

from hospital.bench.stats import percentiles
from hospital.local.layout import postgres_bin
from hospital.postgres import connect
from hospital.settings import Settings

TABLE_TOPICS = ("doctors", "patients", "medicines", "visits", "billing_payments", "prescriptions", "devices")


@dataclass
class ChangeTap:
    """Reads every change published to the table topics after start(); records latencies."""

    settings: Settings
    commit_to_topic_ms: list[float] = field(default_factory=list)
    commit_to_consumer_ms: list[float] = field(default_factory=list)
    count: int = 0
    first_commit_ms: int | None = None
    last_arrival_ms: float = 0.0
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> "ChangeTap":
        prefix = self.settings.kafka.topic_prefix
        self.consumer = KafkaConsumer(bootstrap_servers=self.settings.kafka.bootstrap_servers,
                                      enable_auto_commit=False, max_poll_records=10000,
                                      fetch_max_wait_ms=50)
        topics = [f"{prefix}.public.{t}" for t in TABLE_TOPICS]
        partitions = [TopicPartition(t, p) for t in topics for p in (self.consumer.partitions_for_topic(t) or [])]
        self.consumer.assign(partitions)
        self.consumer.seek_to_end(*partitions)
        for tp in partitions:
            self.consumer.position(tp)
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            for batch in self.consumer.poll(timeout_ms=100).values():
                now_ms = time.time() * 1000
                for record in batch:
                    if record.value is None:
                        continue  # tombstone
                    commit_ms = json.loads(record.value)["source"]["ts_ms"]
                    self.count += 1
                    if self.first_commit_ms is None or commit_ms < self.first_commit_ms:
                        self.first_commit_ms = commit_ms
                    self.commit_to_topic_ms.append(record.timestamp - commit_ms)
                    self.commit_to_consumer_ms.append(now_ms - commit_ms)
                    self.last_arrival_ms = now_ms

    def wait_for(self, expected: int, timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        while self.count < expected and time.monotonic() < deadline:
            time.sleep(0.2)

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join()
        self.consumer.close()

    def summary(self) -> dict:
        span_s = max((self.last_arrival_ms - (self.first_commit_ms or 0)) / 1000, 1e-9)
        return {
            "changes_seen": self.count,
            "changes_per_s": round(self.count / span_s, 1),
            "commit_to_topic_ms": percentiles(self.commit_to_topic_ms),
            "commit_to_consumer_ms": percentiles(self.commit_to_consumer_ms),
        }


class DecodeSlot:
    """A temporary pgoutput slot; decode() times pg_recvlogical over the WAL written since creation."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.name = f"bench_{uuid.uuid4().hex[:8]}"
        pg = settings.postgres
        self.base = [str(postgres_bin() / "pg_recvlogical"), "-h", pg.host, "-p", str(pg.port),
                     "-U", pg.replication_user, "-d", pg.database, "--slot", self.name]
        self.env = {**os.environ, "PGPASSWORD": settings.secret("postgres", "replication_password")}

    def __enter__(self) -> "DecodeSlot":
        subprocess.run([*self.base, "--create-slot", "-P", "pgoutput"], env=self.env, check=True,
                       capture_output=True, text=True)
        return self

    def decode(self) -> float:
        """Seconds to decode everything up to the current WAL position."""
        with connect(self.settings) as conn:
            end_lsn = conn.execute("SELECT pg_current_wal_lsn()::text").fetchone()[0]
        started = time.monotonic()
        subprocess.run([*self.base, "--start", "--no-loop", f"--endpos={end_lsn}", "-f", os.devnull,
                        "-o", "proto_version=1", "-o", f"publication_names={self.settings.postgres.publication}"],
                       env=self.env, check=True, capture_output=True, text=True, timeout=600)
        return time.monotonic() - started

    def __exit__(self, *exc) -> None:
        subprocess.run([*self.base, "--drop-slot"], env=self.env, capture_output=True, text=True)


def stream_for(settings: Settings, rate: float, duration: float):
    from generator.stream_run import run_stream

    return run_stream(settings, rate=rate, duration=duration, seed=int(time.time()))


def bench_cdc(settings: Settings, duration: float = 30, latency_rate: float = 1000,
              progress=lambda _: None) -> dict:
    """Generator at max (throughput + pg_recvlogical ceiling), then a fixed rate for latency."""
    from generator.stream_run import MAX

    progress(f"cdc: generator at maximum for {duration:.0f}s")
    tap = ChangeTap(settings).start()
    with DecodeSlot(settings) as slot:
        generated = stream_for(settings, MAX, duration)
        behind_at_end = generated.row_changes - tap.count
        tap.wait_for(generated.row_changes)
        tap.stop()
        progress("cdc: decoding the same WAL with pg_recvlogical")
        decode_s = slot.decode()
    throughput = tap.summary()

    progress("cdc: connector paused, generator at maximum, then Debezium drains the backlog")
    drain = backlog_drain(settings, duration)

    progress(f"cdc: {latency_rate:.0f} changes/s for {duration:.0f}s for latency")
    tap = ChangeTap(settings).start()
    steady = stream_for(settings, latency_rate, duration)
    tap.wait_for(steady.row_changes)
    tap.stop()
    latency = tap.summary()
    ceiling = generated.row_changes / decode_s
    return {
        "generator_max": {"row_changes": generated.row_changes, "row_changes_per_s": round(generated.row_rate, 1),
                          "transactions_per_s": round(generated.transaction_rate, 1)},
        "debezium_at_generator_max": {**throughput, "behind_when_generator_stopped": behind_at_end},
        "pg_recvlogical_ceiling": {"seconds": round(decode_s, 2), "row_changes_per_s": round(ceiling, 1)},
        "debezium_backlog_drain": drain,
        "debezium_drain_vs_ceiling": round(drain["changes_per_s"] / ceiling, 3) if ceiling else None,
        f"latency_at_{latency_rate:.0f}_per_s": {"achieved_rate": round(steady.row_rate, 1), **latency},
    }


def backlog_drain(settings: Settings, duration: float) -> dict:
    """Debezium's own ceiling: pause the connector, build a backlog, time how fast it drains."""
    import requests

    from generator.stream_run import MAX
    from hospital import connectors

    name = settings.connect.connector_name
    tap = ChangeTap(settings).start()
    requests.put(f"{settings.connect.url}/connectors/{name}/pause", timeout=10).raise_for_status()
    try:
        time.sleep(2)  # let the task stop polling
        generated = stream_for(settings, MAX, duration)
        tap.first_commit_ms = None
        resumed = time.time() * 1000
    finally:
        requests.put(f"{settings.connect.url}/connectors/{name}/resume", timeout=10).raise_for_status()
    connectors.wait_running(settings)
    tap.wait_for(generated.row_changes)
    tap.stop()
    seconds = max((tap.last_arrival_ms - resumed) / 1000, 1e-9)
    return {"backlog": generated.row_changes, "seen": tap.count, "seconds": round(seconds, 2),
            "changes_per_s": round(tap.count / seconds, 1)}
