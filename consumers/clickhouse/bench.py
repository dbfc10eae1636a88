"""Measuring the ClickHouse consumer: ingest throughput and commit -> queryable latency.

Reusable building blocks for `hospital bench`; also runnable on its own:

  python -m consumers.clickhouse.bench sink      [--changes N] [--batch B]   sink alone, temp chDB
  python -m consumers.clickhouse.bench consumer  [--changes N] [--batch B]   Kafka -> loop -> temp chDB
  python -m consumers.clickhouse.bench latency   [--samples K]               Postgres commit -> visible via
                                                                             the running consumer's endpoint
  python -m consumers.clickhouse.bench ingest-latency [--minutes M]          commit -> insert, from stored rows
Each prints one JSON object. Synthetic changes follow the OLTP mix (mostly visits, billing and
prescriptions; inserts, then updates and deletes of earlier keys) so the signed logs do real work.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import threading
import time
import uuid
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

from consumers.clickhouse.settings import SinkConfig
from consumers.core.changes import LSN_SPAN, Change
from consumers.core.tables import TABLES

# share of changes per table, like the generator's stream
TABLE_MIX = {"visits": 30, "billing_payments": 25, "prescriptions": 25, "patients": 10, "medicines": 5, "doctors": 5}
DIAGNOSES = ["Hypertension", "Diabetes", "Asthma", "Influenza", "Migraine", "Fracture", "Bronchitis", "Anemia"]


def synthetic_row(table: str, key: int, rnd: random.Random) -> dict:
    """A source-shaped row (pre-pseudonymisation: patients carry date_of_birth, no age_band)."""
    now = datetime(2026, 1, 1, tzinfo=timezone.utc) + timedelta(seconds=rnd.randrange(10**7))
    common = {"created_at": now, "updated_at": now}
    money = Decimal(rnd.randrange(100, 500_000)) / 100
    rows = {
        "doctors": {"name": f"Dr {key}", "specialization": rnd.choice(["Cardiology", "Oncology", "Pediatrics"]),
                    "experience_years": rnd.randrange(40), "contact_info": f"dr{key}@clinic.test"},
        "patients": {"full_name": f"Patient {key}", "date_of_birth": date(1940 + rnd.randrange(80), 1 + rnd.randrange(12), 1),
                     "gender": rnd.choice(["Male", "Female"]), "blood_type": rnd.choice(["A+", "O-", "B+"]),
                     "contact_info": f"+1-555-{key}", "insurance_id": f"INS-{key}"},
        "medicines": {"name": f"Med {key}", "category": "Antibiotic", "manufacturer": "Acme", "price": money},
        "visits": {"patient_id": rnd.randrange(1, 10_000), "doctor_id": rnd.randrange(1, 200),
                   "visit_date": date(2025, 1 + rnd.randrange(12), 1 + rnd.randrange(28)),
                   "diagnosis": rnd.choice(DIAGNOSES), "total_cost": money},
        "billing_payments": {"patient_id": rnd.randrange(1, 10_000), "visit_id": rnd.randrange(1, 10**6),
                             "billing_date": date(2025, 1 + rnd.randrange(12), 1 + rnd.randrange(28)),
                             "total_amount": money, "payment_status": rnd.choice(["Paid", "Unpaid", "Pending"])},
        "prescriptions": {"patient_id": rnd.randrange(1, 10_000), "doctor_id": rnd.randrange(1, 200),
                          "medicine_id": rnd.randrange(1, 500), "dosage": "500 mg 2x daily", "duration": "7 days"},
    }
    return {TABLES[table].key: key, **rows[table], **common}


def synthetic_changes(n: int, seed: int = 7) -> list[Change]:
    """n changes with increasing versions: 60% inserts, 30% updates, 10% deletes of earlier keys."""
    rnd = random.Random(seed)
    tables = list(TABLE_MIX)
    weights = list(TABLE_MIX.values())
    keys: dict[str, list[int]] = {t: [] for t in tables}
    changes = []
    for i in range(n):
        table = rnd.choices(tables, weights)[0]
        roll = rnd.random()
        if roll < 0.6 or not keys[table]:
            key = len(keys[table]) + 1
            keys[table].append(key)
            deleted = False
        else:
            key = rnd.choice(keys[table])
            deleted = roll > 0.9
        version = (1000 + i) * LSN_SPAN + 1000 + i
        changes.append(Change(table, key, synthetic_row(table, key, rnd), version, deleted, int(time.time() * 1000)))
    return changes


def debezium_message(change: Change) -> bytes:
    """A change as the Debezium connector writes it (JSON converter, isostring times, string decimals)."""
    def wire(value):
        if isinstance(value, datetime):
            return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        if isinstance(value, date):
            return value.isoformat() + "Z"
        if isinstance(value, Decimal):
            return str(value)
        return value

    image = {column: wire(value) for column, value in change.row.items()}
    commit, lsn = divmod(change.version, LSN_SPAN)
    return json.dumps({
        "before": image if change.deleted else None,
        "after": None if change.deleted else image,
        "source": {"table": change.table, "lsn": lsn, "sequence": json.dumps([str(commit), str(lsn)]),
                   "ts_ms": change.source_ts_ms},
        "op": "d" if change.deleted else "c",
    }).encode()


def temp_config(base: SinkConfig, directory: Path, **overrides) -> SinkConfig:
    return base.with_overrides(dsn=f"chdb://{directory}", chdb_path=directory, query_port=0, **overrides)


def measure_sink(base: SinkConfig, changes: list[Change], batch: int, pseudonym_key: str = "bench") -> dict:
    """Sink alone: pseudonymise + dedupe per batch + ClickHouseSink.write, on a temporary chDB."""
    from consumers.clickhouse.runner import open_engine
    from consumers.clickhouse.sink import ClickHouseSink
    from consumers.core.changes import latest_per_key
    from consumers.core.privacy_step import pseudonymise

    with tempfile.TemporaryDirectory(prefix="ch-bench-") as directory:
        engine = open_engine(temp_config(base, Path(directory) / "ch", database="bench"))
        try:
            sink = ClickHouseSink(engine.writer, engine.lock)
            started = time.perf_counter()
            for i in range(0, len(changes), batch):
                sink.write(latest_per_key([pseudonymise(c, pseudonym_key) for c in changes[i:i + batch]]))
            seconds = time.perf_counter() - started
            current = engine.reader.query("SELECT count() FROM visits").result_rows[0][0]
        finally:
            engine.close()
    return {"measure": "clickhouse sink write", "changes": len(changes), "batch": batch,
            "seconds": round(seconds, 3), "changes_per_s": round(len(changes) / seconds),
            "rows_written": sink.stats.rows_written, "signed_rows": sink.stats.signed_rows_written,
            "current_visits": current}


def measure_consumer(base: SinkConfig, changes: list[Change], batch: int, pseudonym_key: str = "bench") -> dict:
    """Whole consumer: a unique Kafka topic of Debezium-shaped messages -> loop -> temporary chDB.

    Time runs from the loop's start until it has consumed every message (Kafka fetch, JSON
    parsing, pseudonymisation, writes and offset commits included).
    """
    from kafka import KafkaProducer

    token = uuid.uuid4().hex[:8]
    topic = f"bench.clickhouse.{token}"
    producer = KafkaProducer(bootstrap_servers=base.bootstrap_servers, acks=1, linger_ms=20, batch_size=1 << 20,
                             compression_type="lz4")
    for change in changes:
        producer.send(topic, value=debezium_message(change))
    producer.flush()
    producer.close()
    try:
        seconds, stats = _consume_all(base, topic, token, len(changes), batch, pseudonym_key)
    finally:
        delete_topics(base.bootstrap_servers, [topic, f"dlq.bench-{token}"])
    return {"measure": "clickhouse consumer (kafka -> chDB)", "messages": len(changes), "batch": batch,
            "seconds": round(seconds, 3), "changes_per_s": round(len(changes) / seconds), "batches": stats.batches}


def delete_topics(bootstrap: str, topics: list[str]) -> None:
    """Remove the scratch topics a measurement created (missing ones are fine)."""
    from kafka import KafkaAdminClient
    from kafka.errors import KafkaError

    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    try:
        existing = set(admin.list_topics())
        if [t for t in topics if t in existing]:
            admin.delete_topics([t for t in topics if t in existing])
    except KafkaError:
        pass  # leftovers are harmless: names are unique per run
    finally:
        admin.close()


def _consume_all(base: SinkConfig, topic: str, token: str, total: int, batch: int, pseudonym_key: str):
    from consumers.clickhouse.runner import running_consumer

    with tempfile.TemporaryDirectory(prefix="ch-bench-") as directory:
        cfg = temp_config(base, Path(directory) / "ch", database="bench", topics=(topic,),
                          group_id=f"bench-clickhouse-{token}", dlq_topic=f"dlq.bench-{token}", max_batch_records=batch)
        with running_consumer(cfg, pseudonym_key) as (loop, _endpoint):
            runner = threading.Thread(target=loop.run, daemon=True)
            started = time.monotonic()
            runner.start()
            while loop.stats.messages < total and runner.is_alive():
                time.sleep(0.05)
            loop.stop()
            runner.join()
            if loop.stats.messages < total:
                raise RuntimeError(f"consumer stopped after {loop.stats.messages} of {total} messages")
            return loop.stats.last_commit_monotonic - started, loop.stats  # until the last offsets were committed


def measure_commit_to_query(settings, samples: int = 20) -> dict:
    """Postgres commit -> row visible through `hospital sql clickhouse` (the running consumer).

    Inserts a marker medicine, times until the query endpoint returns it, deletes it again.
    """
    from consumers.clickhouse.query_client import query
    from hospital.postgres import connect

    latencies = []
    with connect(settings, autocommit=True) as conn:
        for n in range(samples):
            name = f"latency-probe-{uuid.uuid4().hex[:12]}"
            medicine_id = conn.execute(
                "INSERT INTO medicines (name, category, manufacturer, price) VALUES (%s, 'Probe', 'Bench', 0) "
                "RETURNING medicine_id", (name,)).fetchone()[0]
            committed = time.perf_counter()
            sql = "SELECT count() FROM medicines WHERE medicine_id = {id:Int64}"
            while query(settings, sql, {"id": medicine_id})[1] != [[1]]:
                if time.perf_counter() - committed > 60:
                    raise TimeoutError(f"medicine {medicine_id} not visible in ClickHouse after 60s")
                time.sleep(0.02)
            latencies.append((time.perf_counter() - committed) * 1000)
            conn.execute("DELETE FROM medicines WHERE medicine_id = %s", (medicine_id,))
    latencies.sort()
    return {"measure": "postgres commit -> queryable in clickhouse", "samples": samples,
            "p50_ms": round(statistics.median(latencies)), "p95_ms": round(latencies[int(0.95 * (samples - 1))]),
            "max_ms": round(latencies[-1]), "min_ms": round(latencies[0])}


def ingest_latency(settings, minutes: int = 10) -> list[dict]:
    """Commit -> insert latency per table over recent rows, from the stored timestamps (passive)."""
    from consumers.clickhouse.query_client import query
    from consumers.clickhouse.schema import SQL_DIR

    columns, rows = query(settings, (SQL_DIR / "bench" / "ingest_latency.sql").read_text(), {"minutes": minutes})
    return [dict(zip(columns, row)) for row in rows]


def main() -> None:
    from consumers.clickhouse.settings import sink_config
    from hospital.settings import get_settings

    parser = argparse.ArgumentParser(prog="python -m consumers.clickhouse.bench", description=__doc__.split("\n")[0])
    parser.add_argument("what", choices=["sink", "consumer", "latency", "ingest-latency"])
    parser.add_argument("--changes", type=int, default=200_000)
    parser.add_argument("--batch", type=int, default=20_000)
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--minutes", type=int, default=10)
    args = parser.parse_args()
    settings = get_settings()
    base = sink_config(settings)
    if args.what == "latency":
        result = measure_commit_to_query(settings, args.samples)
    elif args.what == "ingest-latency":
        result = {"measure": "source commit -> clickhouse insert (stored rows)", "minutes": args.minutes,
                  "tables": ingest_latency(settings, args.minutes)}
    else:
        changes = synthetic_changes(args.changes)
        measure = measure_sink if args.what == "sink" else measure_consumer
        result = measure(base, changes, args.batch)
    print(json.dumps(result, default=str))


if __name__ == "__main__":
    main()
