"""Measurements of the Flink jobs, reused by `hospital bench flink`.

- job throughput: a copy of each job (sinks swapped for blackholes, its own consumer group)
  reads a backlog from the beginning; events/s from the source's record counter, CPU of the
  TaskManager (with its Python workers) from /proc.
- commit -> enriched-topic latency: the generator writes at a fixed rate; each enriched row is
  matched to its Debezium change by (id, version); latency = the enriched record's Kafka
  timestamp minus the change's commit time (source.ts_ms).
- reading -> alert latency: synthetic devices send at a fixed rate, some patients turn
  tachycardic at staggered times; latency = the alert record's Kafka timestamp minus the
  measured_at of the reading that completed the sustained window (sent at that instant).
- Python UDF vs SQL: the same records parsed by the jobs' Python functions and by Flink SQL's
  JSON functions, in a local mini cluster.
"""

from __future__ import annotations

import json
import random
import threading
import time
import uuid
from typing import Callable

import requests
from kafka import KafkaConsumer, KafkaProducer, TopicPartition

from flink_jobs import rest
from hospital.bench.stats import percentiles
from hospital.settings import Settings

Progress = Callable[[str], None]
FACT_TOPICS = {"visits": ("visits", "visit_id"), "prescriptions": ("prescriptions", "prescription_id"),
               "billing": ("billing_payments", "billing_id")}
BENCH_PATIENTS = 4_000_000_000  # synthetic patient ids of the vitals benchmarks start here


# -- job throughput --------------------------------------------------------------------------

def _source_records(settings: Settings, job_id: str) -> int | None:
    detail = rest.job(settings, job_id)
    source = detail["vertices"][0]
    metrics = requests.get(f"{settings.flink.rest_url}/jobs/{job_id}/vertices/{source['id']}/metrics",
                           timeout=5).json()
    counter = next((m["id"] for m in metrics if m["id"].startswith("0.Source__")
                    and m["id"].endswith(".numRecordsOut")), None)
    if counter is None:
        return None
    values = requests.get(f"{settings.flink.rest_url}/jobs/{job_id}/vertices/{source['id']}/metrics",
                          params={"get": counter}, timeout=5).json()
    return int(float(values[0]["value"])) if values else None


def _taskmanager_cpu_seconds(settings: Settings) -> float:
    from hospital.bench.processes import _cpu_seconds_and_rss, _tree
    from hospital.local.layout import Layout
    from hospital.local.supervisor import Supervisor

    pid = Supervisor(Layout.of(settings)).info("flink-taskmanager").get("pid")
    return _cpu_seconds_and_rss(_tree(pid))[0] if pid else 0.0


def job_throughput(settings: Settings, job: str, duration: float, source_topic: str | None = None,
                   progress: Progress = print) -> dict:
    """Events/s of a blackhole copy of `job` reading its topics (or `source_topic`) from the beginning."""
    from flink_jobs.submit import local_paths, run_client, wait_running

    tag = uuid.uuid4().hex[:8]
    extra = ["--bench", tag] + (["--source-topic", source_topic] if source_topic else [])
    job_dir = local_paths(settings).checkpoints / "bench" if settings.mode == "local" else None
    progress(f"bench: submitting a blackhole copy of {job}")
    job_id = run_client(settings, job, job_dir, None, extra=extra)["job_id"]
    try:
        wait_running(settings, job_id)
        time.sleep(5)  # past the start-up (Python worker, first fetches)
        samples = []
        deadline = time.monotonic() + duration
        while time.monotonic() < deadline:
            samples.append((time.monotonic(), _source_records(settings, job_id) or 0,
                            _taskmanager_cpu_seconds(settings)))
            time.sleep(2)
        (t0, n0, c0), (t1, n1, c1) = samples[0], samples[-1]
        span = max(t1 - t0, 1e-9)
        return {"events_per_s": round((n1 - n0) / span), "events": n1 - n0, "seconds": round(span, 1),
                "taskmanager_cpu_percent": round(100 * (c1 - c0) / span),
                "note": "TaskManager CPU includes the production jobs running beside the copy"}
    finally:
        rest.cancel(settings, job_id)
        if job_dir is not None:
            import shutil

            shutil.rmtree(job_dir / job_id, ignore_errors=True)


def fill_vitals_topic(settings: Settings, readings: int, patients: int = 2000) -> str:
    """A backlog of clear readings in a topic of its own, for the vitals throughput copy."""
    topic = f"bench.flink.vitals.{uuid.uuid4().hex[:8]}"
    producer = KafkaProducer(bootstrap_servers=settings.kafka.bootstrap_servers, linger_ms=20,
                             batch_size=256 * 1024, compression_type="lz4")
    start = int(time.time() * 1000) - readings // patients * 1000
    for n in range(readings):
        patient = BENCH_PATIENTS + n % patients
        value = _reading(patient, start + (n // patients) * 1000, 70 + n % 20)
        producer.send(topic, key=str(patient).encode(), value=value)
    producer.flush()
    producer.close()
    return topic


# -- commit -> enriched topic ------------------------------------------------------------------

class _Tail:
    """Records appended to some topics from now on, read by a background thread."""

    def __init__(self, settings: Settings, topics: list[str], on_record):
        self.consumer = KafkaConsumer(bootstrap_servers=settings.kafka.bootstrap_servers, enable_auto_commit=False,
                                      fetch_max_wait_ms=20, max_poll_records=5000)
        for topic in topics:  # the topics exist once a job or connector wrote to them
            self.consumer.partitions_for_topic(topic)
        partitions = [TopicPartition(t, p) for t in topics for p in (self.consumer.partitions_for_topic(t) or [0])]
        self.consumer.assign(partitions)
        self.consumer.seek_to_end(*partitions)
        for tp in partitions:
            self.consumer.position(tp)
        self.on_record = on_record
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stop_event.is_set():
            for batch in self.consumer.poll(timeout_ms=100).values():
                for record in batch:
                    if record.value is not None:
                        self.on_record(record)

    def stop(self) -> None:
        self.stop_event.set()
        self.thread.join()
        self.consumer.close()


def commit_to_enriched_latency(settings: Settings, rate: float, duration: float, drain: float = 30,
                               progress: Progress = print) -> dict:
    from flink_jobs.cdc_enrich.transforms import version_of
    from generator.stream_run import run_stream

    prefix = settings.kafka.topic_prefix
    commits: dict[tuple[str, int, int], int] = {}  # (fact, id, version) -> commit ms
    published: dict[tuple[str, int, int], int] = {}  # -> the Debezium record's timestamp
    enriched: dict[tuple[str, int, int], int] = {}  # -> enriched record timestamp
    source_to_fact = {f"{prefix}.public.{table}": (fact, key) for fact, (table, key) in FACT_TOPICS.items()}

    def on_record(record) -> None:
        value = json.loads(record.value)
        if record.topic in source_to_fact:
            fact, key = source_to_fact[record.topic]
            image = value.get("before") if value.get("op") == "d" else value.get("after")
            if image and value.get("source"):
                slot = (fact, image[key], version_of(value["source"]))
                commits[slot] = value["source"]["ts_ms"]
                published[slot] = record.timestamp
        else:
            fact = record.topic.split(".", 1)[1]
            key = FACT_TOPICS[fact][1]
            enriched.setdefault((fact, value[key], int(value["version"])), record.timestamp)

    topics = list(source_to_fact) + [f"enriched.{fact}" for fact in FACT_TOPICS]
    tail = _Tail(settings, topics, on_record)
    try:
        progress(f"bench: generator at {rate:.0f} changes/s for {duration:.0f}s")
        run_stream(settings, rate=rate, duration=duration, seed=int(time.time()))
        time.sleep(drain)
    finally:
        tail.stop()
    latencies = {fact: [] for fact in FACT_TOPICS}
    in_flink = []
    for slot, committed in list(commits.items()):
        if slot in enriched:
            latencies[slot[0]].append(enriched[slot] - committed)
            in_flink.append(enriched[slot] - published[slot])
    matched = sum(len(v) for v in latencies.values())
    return {
        "rate_changes_per_s": rate,
        "changes_seen": len(commits),
        "matched": matched,
        "commit_to_enriched_ms": percentiles([ms for values in latencies.values() for ms in values], (50, 95, 99)),
        "per_fact_ms": {fact: percentiles(values, (50, 99)) for fact, values in latencies.items()},
        # The Flink share: Debezium topic record -> enriched topic record.
        "source_topic_to_enriched_ms": percentiles(in_flink, (50, 95, 99)),
    }


# -- reading -> alert ----------------------------------------------------------------------------

def _reading(patient: int, measured_at: int, heart_rate: int) -> bytes:
    return json.dumps({"device_id": patient, "patient_id": patient, "measured_at": measured_at,
                       "heart_rate": heart_rate, "systolic": 122, "diastolic": 78, "temperature_c": 36.8,
                       "spo2": 97, "respiratory_rate": 15}).encode()


def reading_to_alert_latency(settings: Settings, rate: float, duration: float, onsets_per_s: float = 5,
                             progress: Progress = print) -> dict:
    """`rate` readings/s from rate patients (one reading each per second); from the start,
    `onsets_per_s` of them per second turn tachycardic (heart rate 150) for the rest of the run."""
    from flink_jobs.vitals.job import rules

    sustained = next(r for r in rules().thresholds if r.id == "tachycardia").sustained_seconds
    patients = max(1, int(rate))
    base = BENCH_PATIENTS + random.randint(1, 10**6) * 10_000
    onset_at: dict[int, float] = {}
    alerts: list[tuple[int, int]] = []  # (alert record timestamp, measured_at)

    def on_alert(record) -> None:
        value = json.loads(record.value)
        if base <= value["patient_id"] < base + patients and value["rule_id"] == "tachycardia":
            alerts.append((record.timestamp, value["measured_at"]))

    tail = _Tail(settings, ["alerts.vitals"], on_alert)
    producer = KafkaProducer(bootstrap_servers=settings.kafka.bootstrap_servers, linger_ms=5,
                             batch_size=128 * 1024)
    progress(f"bench: {rate:.0f} readings/s for {duration:.0f}s (+{sustained}s sustained window)")
    started = time.monotonic()
    sent = 0
    next_patient = 0
    try:
        while time.monotonic() - started < duration + sustained:
            tick = time.monotonic()
            elapsed = tick - started
            while next_patient < patients and len(onset_at) < elapsed * onsets_per_s and elapsed < duration:
                onset_at[base + next_patient] = tick
                next_patient += 1
            now_ms = int(time.time() * 1000)
            for n in range(patients):
                patient = base + n
                heart_rate = 150 if patient in onset_at else 76
                producer.send(settings.kafka.vitals_topic, key=str(patient).encode(),
                              value=_reading(patient, now_ms, heart_rate))
                sent += 1
            producer.flush()
            time.sleep(max(0.0, 1.0 - (time.monotonic() - tick)))
        time.sleep(10)  # the last alerts
    finally:
        producer.close()
        tail.stop()
    achieved = sent / max(time.monotonic() - started - 10, 1e-9)
    return {
        "rate_readings_per_s": rate,
        "achieved_readings_per_s": round(achieved),
        "tachycardic_patients": len(onset_at),
        "alerts": len(alerts),
        "reading_to_alert_ms": percentiles([ts - measured for ts, measured in alerts], (50, 95, 99)),
    }


# -- Python UDF vs SQL ---------------------------------------------------------------------------

VISIT_EVENT = ('{"before":null,"after":{"visit_id":__ID__,"patient_id":7,"doctor_id":3,"visit_date":"2024-05-01Z",'
               '"diagnosis":"Flu","total_cost":"12.34","created_at":"2026-11-22T21:48:43.072091Z",'
               '"updated_at":"2026-11-22T21:48:43.072091Z"},"source":{"version":"3.4.3.Final",'
               '"connector":"postgresql","name":"hospital","ts_ms":1795384123074,"snapshot":"false",'
               '"db":"hospital","sequence":"[\\"31409136\\",\\"31409240\\"]","schema":"public","table":"visits",'
               '"txId":747,"lsn":31409240},"transaction":{"id":"747:31409240","total_order":1,'
               '"data_collection_order":1},"op":"c","ts_ms":1795384123136}')
SQL_PARSE = """
SELECT
    TRY_CAST(JSON_VALUE(image, '$.visit_id') AS BIGINT) AS visit_id,
    TRY_CAST(JSON_VALUE(image, '$.patient_id') AS BIGINT) AS patient_id,
    TRY_CAST(JSON_VALUE(image, '$.doctor_id') AS BIGINT) AS doctor_id,
    TRY_CAST(LEFT(JSON_VALUE(image, '$.visit_date'), 10) AS DATE) AS visit_date,
    JSON_VALUE(image, '$.diagnosis') AS diagnosis,
    TRY_CAST(JSON_VALUE(image, '$.total_cost') AS DECIMAL(10, 2)) AS total_cost,
    LOWER(SHA256(CONCAT('key', ':', JSON_VALUE(image, '$.patient_id')))) AS patient_key,
    CAST(COALESCE(TRY_CAST(JSON_VALUE(JSON_VALUE(v, '$.source.sequence'), '$[0]') AS DECIMAL(38, 0)), 0)
         * CAST('18446744073709551616' AS DECIMAL(38, 0)) + TRY_CAST(JSON_VALUE(v, '$.source.lsn') AS DECIMAL(38, 0))
         AS DECIMAL(38, 0)) AS version,
    JSON_VALUE(v, '$.op') = 'd' AS deleted
FROM (SELECT v, IF(JSON_VALUE(v, '$.op') = 'd', JSON_QUERY(v, '$.before'), JSON_QUERY(v, '$.after')) AS image
      FROM events)
"""


def udf_vs_sql(records: int = 200_000) -> dict:
    """Rows/s of parsing Debezium visit records with parse_change (Python) and with JSON_VALUE (SQL),
    in a local mini cluster; the fixed start-up cost is measured on an empty pass and subtracted."""
    import os

    from flink_jobs.cdc_enrich.transforms import OUTPUT_COLUMNS
    from flink_jobs.cdc_enrich.udfs import parse_change_function
    from flink_jobs.environment import local_config, table_environment
    from flink_jobs.secrets import SecretSource

    os.environ.setdefault("HOSPITAL_BENCH_PSEUDONYM_KEY", "bench-key")

    def run(query_for: Callable[[], str], n: int) -> float:
        t_env = table_environment(local_config("bench-udf"))
        t_env.create_temporary_function("parse_change", parse_change_function(SecretSource("HOSPITAL_BENCH_PSEUDONYM_KEY")))
        t_env.execute_sql(f"CREATE TEMPORARY TABLE ids (id BIGINT) WITH ('connector' = 'datagen', "
                          f"'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '{n}', "
                          f"'rows-per-second' = '100000000')")
        template = VISIT_EVENT.replace("'", "''")
        t_env.execute_sql(f"CREATE TEMPORARY VIEW events AS SELECT REPLACE('{template}', '__ID__', "
                          f"CAST(id AS STRING)) AS v FROM ids")
        table = t_env.sql_query(query_for())
        # Every computed column reaches the sink, so the planner cannot prune the parsing away.
        from pyflink.table import Schema, TableDescriptor

        schema = Schema.new_builder().from_row_data_type(table.get_schema().to_row_data_type()).build()
        t_env.create_temporary_table("out_sink", TableDescriptor.for_connector("blackhole").schema(schema).build())
        started = time.monotonic()
        table.execute_insert("out_sink").wait()
        return time.monotonic() - started

    def baseline() -> str:
        return "SELECT v FROM events"

    def python_path() -> str:
        return f"SELECT c.* FROM events, LATERAL TABLE(parse_change('visits', v)) AS c({', '.join(OUTPUT_COLUMNS)})"

    def sql_path() -> str:
        return SQL_PARSE

    run(python_path, 1)  # warm-up: JVM classes, Python worker start-up
    fixed = min(run(baseline, 1), run(python_path, 1))
    results = {}
    for name, query in (("baseline_no_parse", baseline), ("python_parse_change", python_path),
                        ("sql_json_value", sql_path)):
        seconds = max(run(query, records) - fixed, 1e-9)
        results[name] = {"rows_per_s": round(records / seconds), "seconds": round(seconds, 1)}
    results["records"] = records
    results["note"] = "single local task slot; parse_change also pseudonymises and checks the contract"
    return results


def run_all(settings: Settings, duration: float = 60, cdc_rate: float = 1000, vitals_rate: float = 2000,
            vitals_backlog: int = 300_000, udf_records: int = 200_000, progress: Progress = print) -> dict:
    """Every measurement above, in turn (about 4 x duration + 3 minutes)."""
    results = {}
    progress("bench: cdc_enrich throughput (blackhole copy over the Debezium topics' backlog)")
    results["cdc_enrich_throughput"] = job_throughput(settings, "cdc_enrich", duration, progress=progress)
    progress(f"bench: vitals throughput ({vitals_backlog:,} readings written to a topic of their own first)")
    topic = fill_vitals_topic(settings, vitals_backlog)
    results["vitals_throughput"] = job_throughput(settings, "vitals", duration, source_topic=topic,
                                                  progress=progress)
    results["commit_to_enriched"] = commit_to_enriched_latency(settings, cdc_rate, duration, progress=progress)
    results["reading_to_alert"] = reading_to_alert_latency(settings, vitals_rate, duration, progress=progress)
    progress("bench: Python UDF vs SQL JSON functions (local mini cluster)")
    results["udf_vs_sql"] = udf_vs_sql(udf_records)
    return results
