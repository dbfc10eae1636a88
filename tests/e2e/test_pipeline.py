"""The whole local pipeline through the CLI: seed, stream, replays, crashes, poison, privacy."""

from __future__ import annotations

import json
import subprocess
import threading
import time
from decimal import Decimal
from pathlib import Path

import pytest
from kafka import KafkaProducer

from hospital.postgres import connect
from hospital.privacy import pseudonym, pseudonym_key
from tests.e2e.pipeline_helpers import (CONSUMERS, HOSPITAL, failures, hospital, kill_hard, reconcile,
                                        replay_from, sql_json, supervisor, topic_ends, wait_state)

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def replay_positions(stack):
    """Every topic's end before this run writes anything: where its replays start."""
    return topic_ends(stack)


@pytest.fixture(scope="module")
def pipeline(stack, replay_positions):
    hospital("seed", "--scale", "0.2", "--seed", "7")
    return stack


def test_seed_stream_and_replay_reconcile(pipeline, replay_positions):
    settings = pipeline
    hospital("stream", "--rate", "400", "--duration", "15", "--seed", "11")
    report = reconcile()
    assert report["ok"], failures(report)
    # Replays of already-consumed offsets leave every sink exactly equal to the source.
    for service, group in (("duckdb-consumer", settings.duckdb.group_id),
                           ("clickhouse-consumer", settings.clickhouse.group_id),
                           ("lake-consumer", settings.lake.group_id)):
        replay_from(settings, service, group, replay_positions)
    report = reconcile()
    assert report["ok"], failures(report)


def test_reconcile_fails_when_a_sink_falls_behind(pipeline):
    settings = pipeline
    sup = supervisor(settings)
    sup.stop("duckdb-consumer")
    try:
        with connect(settings, autocommit=True) as conn:
            conn.execute("UPDATE visits SET diagnosis = 'Migraine' WHERE visit_id = (SELECT max(visit_id) FROM visits)")
        result = hospital("reconcile", "--sink", "duckdb", "--json", "--timeout", "5", check=False)
        assert result.returncode == 1
        report = json.loads(result.stdout)
        assert not report["ok"] and any(c["different_keys"] for c in report["checks"] if c["table"] == "visits")
    finally:
        sup.start("duckdb-consumer")
        wait_state(settings, "duckdb-consumer")
    assert reconcile()["ok"]


def test_materialized_totals_equal_postgres(pipeline):
    settings = pipeline
    hospital("stream", "--rate", "300", "--duration", "8", "--seed", "12")
    assert reconcile()["ok"]
    with connect(settings) as conn:
        diagnoses = dict(conn.execute("SELECT diagnosis, count(*) FROM visits GROUP BY diagnosis").fetchall())
        prescribed = dict(conn.execute("SELECT medicine_id, count(*) FROM prescriptions GROUP BY medicine_id").fetchall())
        by_month = {str(m): (Decimal(r), n) for m, r, n in conn.execute(
            "SELECT date_trunc('month', visit_date)::date, coalesce(sum(total_cost), 0), count(*) FROM visits "
            "WHERE visit_date IS NOT NULL GROUP BY 1")}
        by_doctor = {d: (Decimal(r), n) for d, r, n in conn.execute(
            "SELECT doctor_id, coalesce(sum(total_cost), 0), count(*) FROM visits GROUP BY doctor_id")}
    top = {r["diagnosis"]: int(r["diagnosis_count"]) for r in sql_json("clickhouse", "SELECT * FROM mv_top_diagnosis")}
    stats = {int(r["medicine_id"]): int(r["total_prescribed"])
             for r in sql_json("clickhouse", "SELECT * FROM mv_prescription_stats")}
    assert top == diagnoses
    assert stats == prescribed
    month = {str(r["month"])[:10]: (Decimal(str(r["revenue"])), int(r["visit_count"]))
             for r in sql_json("clickhouse", "SELECT * FROM mv_revenue_by_month")}
    doctor = {int(r["doctor_id"]): (Decimal(str(r["revenue"])), int(r["visit_count"]))
              for r in sql_json("clickhouse", "SELECT * FROM mv_revenue_by_doctor")}
    assert month == by_month
    assert doctor == by_doctor


def test_duckdb_cli_reads_while_the_consumer_writes(pipeline):
    settings = pipeline
    cli = Path(HOSPITAL).parent / "duckdb"
    warehouse = settings.home / settings.duckdb.warehouse_path
    done = threading.Event()
    streamer = threading.Thread(target=lambda: (hospital("stream", "--rate", "300", "--duration", "12"), done.set()))
    streamer.start()
    counts = []
    try:
        while not done.is_set():
            out = subprocess.run([str(cli), "-readonly", "-csv", "-noheader", str(warehouse), "-c",
                                  "SELECT count(*) FROM visits"], capture_output=True, text=True, timeout=30)
            assert out.returncode == 0, out.stderr
            counts.append(int(out.stdout.strip()))
            time.sleep(1)
    finally:
        streamer.join()
    assert len(counts) >= 5
    assert counts[-1] > counts[0], f"the published warehouse did not move while the CLI read it: {counts}"


def test_consumers_killed_mid_batch_still_reconcile(pipeline):
    settings = pipeline
    streamer = threading.Thread(target=lambda: hospital("stream", "--rate", "1500", "--duration", "15", "--seed", "13"))
    streamer.start()
    try:
        time.sleep(5)
        for service in CONSUMERS:
            kill_hard(settings, service)
        time.sleep(4)
        for service in CONSUMERS:
            kill_hard(settings, service)  # a second crash, likely mid-batch under load
    finally:
        streamer.join()
    for service in CONSUMERS:
        wait_state(settings, service)
    report = reconcile()
    assert report["ok"], failures(report)


def test_poison_message_goes_to_dead_letters_and_consumers_carry_on(pipeline, unique):
    settings = pipeline
    before = _dlq_count(settings, "dlq.consumers")
    producer = KafkaProducer(bootstrap_servers=settings.kafka.bootstrap_servers)
    producer.send(f"{settings.kafka.topic_prefix}.public.visits", key=b'{"visit_id": -1}',
                  value=f"not json {unique}".encode())
    producer.flush()
    producer.close()
    hospital("stream", "--rate", "200", "--duration", "5", "--seed", "14")
    report = reconcile()
    assert report["ok"], failures(report)
    deadline = time.monotonic() + 60
    while _dlq_count(settings, "dlq.consumers") < before + 3 and time.monotonic() < deadline:
        time.sleep(1)
    assert _dlq_count(settings, "dlq.consumers") >= before + 3  # one per sink consumer


def test_no_patient_identifier_in_clear_in_any_sink(pipeline):
    """Every row of every sink is searched inside the engine (not loaded into this process)."""
    settings = pipeline
    with connect(settings) as conn:
        secrets = [v for row in conn.execute(
            "SELECT full_name, contact_info, insurance_id FROM patients ORDER BY patient_id DESC LIMIT 25") for v in row if v]
    assert secrets
    # The scans can see: each sink holds the pseudonym of a name it must not hold in clear.
    marker = pseudonym(secrets[0], pseudonym_key(settings))
    for sink, scan in (("duckdb", _duckdb_rows_with), ("lake", _lake_rows_with), ("clickhouse", _clickhouse_rows_with)):
        assert scan(settings, [marker]), f"{sink}: the scan found no pseudonymised patient at all"
    for sink, scan in (("duckdb", _duckdb_rows_with), ("lake", _lake_rows_with), ("clickhouse", _clickhouse_rows_with),
                       ("analytics", _analytics_rows_with)):
        leaked = scan(settings, secrets)
        assert not leaked, f"{sink} holds patient identifiers in clear in {leaked}"


def _any_contains(expression: str, count: int) -> str:
    return " OR ".join([f"contains({expression}, ?)"] * count)


def _duckdb_rows_with(settings, needles: list[str]) -> dict[str, int]:
    """table -> rows whose text holds any needle, over every table and view of the published file."""
    import duckdb

    con = duckdb.connect(str(settings.home / settings.duckdb.warehouse_path), read_only=True)
    con.execute("SET enable_progress_bar = false")
    try:
        names = con.execute("SELECT table_schema, table_name FROM information_schema.tables").fetchall()
        found = {}
        for schema, name in names:
            n = con.execute(f'SELECT count(*) FROM "{schema}"."{name}" AS t '
                            f"WHERE {_any_contains('CAST(t AS VARCHAR)', len(needles))}", needles).fetchone()[0]
            if n:
                found[f"{schema}.{name}"] = n
        return found
    finally:
        con.close()


def _lake_rows_with(settings, needles: list[str]) -> dict[str, int]:
    import duckdb

    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")

    def count(files: str) -> int:
        return con.execute(f"SELECT count(*) FROM read_parquet('{files}', union_by_name=true) AS t "
                              f"WHERE {_any_contains('CAST(t AS VARCHAR)', len(needles))}", needles).fetchone()[0]

    root = settings.home / settings.lake.root
    found = {}
    for dataset in sorted({p.parent.parent.parent for p in root.rglob("*.parquet")}):
        try:
            n = count(f"{dataset}/**/*.parquet")
        except duckdb.Error:  # files whose column types cannot be unified: one at a time
            n = sum(count(str(f)) for f in dataset.rglob("*.parquet"))
        if n:
            found[str(dataset.relative_to(root))] = n
    return found


def _clickhouse_rows_with(settings, needles: list[str]) -> dict[str, int]:
    rows = sql_json("clickhouse", "SELECT * FROM patients FINAL")
    hits = [r for r in rows if any(needle in json.dumps(r, default=str) for needle in needles)]
    return {"patients": len(hits)} if hits else {}


def _analytics_rows_with(settings, needles: list[str]) -> dict[str, int]:
    from psycopg import sql

    with connect(settings, settings.postgres.analytics_database) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")]
        found = {}
        for table in tables:
            n = conn.execute(sql.SQL("SELECT count(*) FROM {} AS t WHERE EXISTS "
                                     "(SELECT 1 FROM unnest(%s::text[]) AS s WHERE strpos(t::text, s) > 0)")
                             .format(sql.Identifier(table)), (needles,)).fetchone()[0]
            if n:
                found[table] = n
        return found


def _dlq_count(settings, topic: str) -> int:
    from hospital.topics import topic_counts

    return topic_counts(settings, prefix=topic).get(topic, 0)
