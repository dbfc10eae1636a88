"""Per-sink figures on the running pipeline: sustained throughput and commit -> queryable latency."""

from __future__ import annotations

import threading
import time
import uuid
from typing import Callable

from hospital.bench.stats import percentiles
from hospital.postgres import connect
from hospital.reconcile.lag import consumer_groups, group_lag
from hospital.settings import Settings


def committed_total(settings: Settings, group: str) -> int:
    from kafka import KafkaAdminClient

    admin = KafkaAdminClient(bootstrap_servers=settings.kafka.bootstrap_servers, client_id="hospital-bench")
    try:
        offsets = admin.list_group_offsets([group]).get(group) or {}
        return sum(meta.offset for meta in offsets.values() if meta.offset >= 0)
    finally:
        admin.close()


def visible_in(settings: Settings) -> dict[str, Callable[[int], bool]]:
    """A point query per sink: is doctor `id` queryable there yet?"""
    from consumers.clickhouse.query_client import query
    from consumers.duckdb.query import run_query
    from consumers.duckdb.settings import config

    published = config(settings).published
    lake_glob = str(settings.home / settings.lake.root / "curated" / "doctors" / "**" / "*.parquet")

    def clickhouse(doctor_id: int) -> bool:
        return bool(query(settings, "SELECT 1 FROM doctors WHERE doctor_id = {id:Int64}", {"id": doctor_id})[1])

    def duckdb_(doctor_id: int) -> bool:
        try:
            return bool(run_query(published, f"SELECT 1 FROM doctors WHERE doctor_id = {int(doctor_id)}")[1])
        except Exception:  # the file is swapped by the publisher: try again on the next poll
            return False

    def lake(doctor_id: int) -> bool:
        import duckdb

        try:
            return bool(duckdb.sql(f"SELECT 1 FROM read_parquet('{lake_glob}', union_by_name=true) "
                                   f"WHERE doctor_id = {int(doctor_id)}").fetchall())
        except duckdb.Error:
            return False

    checks = {"clickhouse": clickhouse, "duckdb": duckdb_}
    if not settings.lake.root.startswith("gs://"):
        checks["lake"] = lake
    return checks


def commit_to_queryable(settings: Settings, samples: int = 20, timeout: float = 60.0) -> dict:
    """Commit one doctor row at a time; poll every sink until it shows it."""
    checks = visible_in(settings)
    latencies: dict[str, list[float]] = {sink: [] for sink in checks}
    marker = uuid.uuid4().hex[:8]
    with connect(settings, autocommit=True) as conn:
        try:
            for i in range(samples):
                doctor_id = conn.execute(
                    "INSERT INTO doctors (name, specialization, experience_years) VALUES (%s, 'Benchmark', 1) "
                    "RETURNING doctor_id", (f"bench {marker} {i}",)).fetchone()[0]
                committed = time.monotonic()
                pending = set(checks)
                while pending and time.monotonic() - committed < timeout:
                    for sink in list(pending):
                        if checks[sink](doctor_id):
                            latencies[sink].append((time.monotonic() - committed) * 1000)
                            pending.discard(sink)
                    time.sleep(0.05)
                time.sleep(0.3)
        finally:
            conn.execute("DELETE FROM doctors WHERE name LIKE %s", (f"bench {marker} %",))
    return {sink: percentiles(values) for sink, values in latencies.items()}


def sustained_throughput(settings: Settings, rate: float, duration: float, progress=lambda _: None) -> dict:
    """Drive the generator; follow each sink's committed offsets until it has caught up."""
    from hospital.bench.cdc import stream_for

    groups = consumer_groups(settings)
    start = {sink: committed_total(settings, group) for sink, group in groups.items()}
    began = time.monotonic()
    result: dict = {}
    runner = threading.Thread(target=lambda: result.setdefault("stream", stream_for(settings, rate, duration)))
    runner.start()
    caught_up: dict[str, float] = {}
    while runner.is_alive() or len(caught_up) < len(groups):
        time.sleep(1)
        if runner.is_alive():
            continue
        for sink, group in groups.items():
            if sink not in caught_up and group_lag(settings, group) == 0:
                caught_up[sink] = time.monotonic() - began
        if time.monotonic() - began > duration + 300:
            break
    stream = result["stream"]
    out = {"generator": {"row_changes": stream.row_changes, "row_changes_per_s": round(stream.row_rate, 1)}}
    for sink, group in groups.items():
        delivered = committed_total(settings, group) - start[sink]
        seconds = caught_up.get(sink)
        out[sink] = {"messages": delivered, "seconds_to_catch_up": round(seconds, 1) if seconds else None,
                     "messages_per_s": round(delivered / seconds, 1) if seconds else None}
        progress(f"{sink}: {out[sink]}")
    return out
