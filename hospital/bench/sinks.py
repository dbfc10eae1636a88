"""Per-sink figures on the running pipeline: sustained throughput and commit -> queryable latency."""

from __future__ import annotations

import threading
import time
import uuid
from typing import Callable

from hospital.bench.stats import percentiles
from hospital.errors import HospitalError
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
    from hospital.reconcile.lag import wait_for_zero_lag

    groups = consumer_groups(settings)
    # A backlog left by an earlier run would be counted as this run's work.
    left = wait_for_zero_lag(settings, list(groups), timeout=600, progress=progress)
    if any(v != 0 for v in left.values()):
        raise HospitalError(f"bench: the pipeline did not catch up before the run (lag {left})")
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
                     "messages_per_s": round(delivered / seconds, 1) if seconds else None,
                     # source row changes the sink absorbed per second, from the first commit to caught up
                     "row_changes_per_s": round(stream.row_changes / seconds, 1) if seconds else None}
        progress(f"{sink}: {out[sink]}")
    return out


def parse_rates(text: str) -> list[float]:
    """'500,1000,max' -> [500.0, 1000.0, inf]. Pure."""
    from generator.stream_run import MAX

    rates = []
    for part in (p.strip() for p in text.split(",")):
        if part == "max":
            rates.append(MAX)
            continue
        try:
            rate = float(part)
        except ValueError:
            raise ValueError(f"rate {part!r} is neither a number of changes/s nor 'max'") from None
        if rate <= 0:
            raise ValueError(f"rate {part!r} must be above 0")
        rates.append(rate)
    if not rates:
        raise ValueError("give at least one rate, e.g. --rates 500,max")
    return rates


def rate_label(rate: float) -> str:
    return "max" if rate == float("inf") else f"{rate:g}"


def bench_sinks(settings: Settings, rates: list[float], duration: float, samples: int,
                progress=lambda _: None) -> dict:
    """Each rate in turn, the pg_recvlogical ceiling over the WAL those runs wrote, then latency."""
    from hospital.bench.cdc import DecodeSlot

    runs: dict[str, dict] = {}
    with DecodeSlot(settings) as slot:
        for rate in rates:
            progress(f"sinks: generator at {rate_label(rate)} changes/s for {duration:.0f}s")
            runs[rate_label(rate)] = sustained_throughput(settings, rate, duration, progress)
        progress("sinks: decoding the same WAL with pg_recvlogical")
        decode_s = slot.decode()
    changes = sum(run["generator"]["row_changes"] for run in runs.values())
    ceiling = round(changes / decode_s, 1) if decode_s else None
    progress(f"sinks: commit -> queryable latency, {samples} samples per sink")
    return {"throughput": runs,
            "pg_recvlogical_ceiling": {"row_changes": changes, "seconds": round(decode_s, 2),
                                       "row_changes_per_s": ceiling},
            "commit_to_queryable_ms": commit_to_queryable(settings, samples)}


def markdown_table(results: dict) -> list[str]:
    """Sinks as rows: row changes/s at each rate, share of the decode ceiling, latency. Pure."""
    runs = results["throughput"]
    ceiling = results["pg_recvlogical_ceiling"]["row_changes_per_s"]
    latency = results["commit_to_queryable_ms"]
    labels = list(runs)
    sinks = [name for name in next(iter(runs.values())) if name != "generator"]
    head = ["sink", *(f"row changes/s at {label}" for label in labels), "share of decode ceiling",
            "commit→queryable p50/p95/p99 ms"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines.append("| generator | " + " | ".join(f"{runs[l]['generator']['row_changes_per_s']:,}" for l in labels)
                 + " | | |")
    top = labels[-1]
    for sink in sinks:
        rates = [runs[label][sink]["row_changes_per_s"] for label in labels]
        share = f"{rates[-1] / ceiling:.1%} (at {top})" if ceiling and rates[-1] else "-"
        p = latency.get(sink) or {}
        lat = "/".join("-" if p.get(k) is None else f"{p[k]:,.0f}" for k in ("p50", "p95", "p99"))
        lines.append(f"| {sink} | " + " | ".join("-" if r is None else f"{r:,}" for r in rates)
                     + f" | {share} | {lat} |")
    lines.append(f"| pg_recvlogical ceiling | {ceiling:,} row changes/s over the same WAL | | | |"
                 if ceiling else "| pg_recvlogical ceiling | - | | | |")
    return lines
