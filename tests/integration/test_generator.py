"""The generator against the real Postgres and Kafka.

Each test works in its own schema, created from the operational migration's DDL
(same tables, checks, foreign keys and triggers as `public`) and dropped in `finally`,
so parallel runs and other teams' tests never see or disturb these rows. Postgres or
Kafka being down is a failure with a message, never a skip.
"""

from __future__ import annotations

import json
import threading
import time
from datetime import date

import psycopg
import pytest
from click.testing import CliRunner
from psycopg import sql

from generator.seed_load import seed_database
from generator.stream_run import run_stream
from generator.vitals_envelope import READING_FIELDS, decode_value
from generator.vitals_keys import write_keys_file
from hospital.postgres import connect
from hospital.settings import REPO_ROOT, VitalsSettings, get_settings

pytestmark = pytest.mark.integration

DDL = (REPO_ROOT / "db" / "migrations" / "sql" / "0001_operational_schema.up.sql").read_text()
TABLES = {
    "doctors": "doctor_id", "patients": "patient_id", "medicines": "medicine_id", "devices": "device_id",
    "visits": "visit_id", "prescriptions": "prescription_id", "billing_payments": "billing_id",
}
TODAY = date(2026, 6, 15)


@pytest.fixture(scope="module")
def settings():
    return get_settings()


@pytest.fixture
def pg(settings):
    pg = settings.postgres
    try:
        conn = connect(settings, autocommit=True)
    except psycopg.OperationalError as exc:
        pytest.fail(f"Postgres at {pg.host}:{pg.port} is unreachable ({str(exc).strip()}); "
                    "start the stack with `hospital up`")
    with conn:
        yield conn


@pytest.fixture
def make_schema(pg, unique):
    """Creates private schemas with the operational DDL; drops them afterwards."""
    created = []

    def make(label: str) -> str:
        name = f"gen_test_{unique}_{label}"
        pg.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(name)))
        created.append(name)
        pg.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(name)))
        pg.execute(DDL)
        pg.execute("SET search_path TO public")
        return name

    try:
        yield make
    finally:
        for name in created:
            pg.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(name)))


def content(pg, schema: str) -> dict[str, list[tuple]]:
    """Every row of every table, without the timestamps of the load."""
    tables = {}
    for table, key in TABLES.items():
        columns = [row[0] for row in pg.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = %s AND table_name = %s "
            "AND column_name NOT IN ('created_at', 'updated_at') ORDER BY ordinal_position", (schema, table))]
        query = sql.SQL("SELECT {} FROM {} ORDER BY {}").format(
            sql.SQL(", ").join(map(sql.Identifier, columns)), sql.Identifier(schema, table), sql.Identifier(key))
        tables[table] = pg.execute(query).fetchall()
    return tables


def test_same_seed_gives_the_same_data_in_two_schemas(settings, pg, make_schema):
    first, second, other = make_schema("a"), make_schema("b"), make_schema("c")
    result = seed_database(settings, scale=0.1, seed=1234, schema=first, today=TODAY)
    seed_database(settings, scale=0.1, seed=1234, schema=second, today=TODAY)
    seed_database(settings, scale=0.1, seed=4321, schema=other, today=TODAY)

    a, b, c = content(pg, first), content(pg, second), content(pg, other)
    assert a == b
    assert a["patients"] != c["patients"] and a["visits"] != c["visits"]  # the comparison can fail
    assert len(a["patients"]) == result.counts["patients"] == 100
    assert len(a["billing_payments"]) == len(a["visits"]) == result.counts["visits"] > 100
    assert len(a["prescriptions"]) == result.counts["prescriptions"]
    for table, key in TABLES.items():
        # ids came from each table's identity sequence, which has moved past them
        last = pg.execute("SELECT pg_sequence_last_value(pg_get_serial_sequence(%s, %s)::regclass)",
                          (f'"{first}".{table}', key)).fetchone()[0]
        assert last == max(row[0] for row in a[table])


def test_seeding_again_with_the_same_seed_changes_nothing(settings, pg, make_schema):
    schema = make_schema("again")
    assert not seed_database(settings, scale=0.05, seed=99, schema=schema).already_loaded
    before = content(pg, schema)
    assert seed_database(settings, scale=0.05, seed=99, schema=schema).already_loaded
    assert content(pg, schema) == before


def test_devices_get_key_ids_when_a_keys_file_is_set(settings, pg, make_schema, tmp_path):
    schema = make_schema("keys")
    write_keys_file(tmp_path / "keys.json", ["dev-a", "dev-b"])
    keyed = settings.model_copy(update={"vitals": VitalsSettings(keys_file=tmp_path / "keys.json")})
    seed_database(keyed, scale=0.05, seed=5, schema=schema)
    key_ids = {row[0] for row in pg.execute(sql.SQL("SELECT key_id FROM {}").format(
        sql.Identifier(schema, "devices")))}
    assert key_ids == {"dev-a", "dev-b"}


def test_stream_writes_each_visit_with_its_prescriptions_and_bill_in_one_transaction(settings, pg, make_schema):
    schema = make_schema("stream")
    seed_database(settings, scale=0.1, seed=7, schema=schema)
    seeded_at = pg.execute(sql.SQL("SELECT max(created_at) FROM {}").format(
        sql.Identifier(schema, "visits"))).fetchone()[0]

    stats = run_stream(settings, rate=400, duration=4, seed=11, schema=schema)

    assert stats.failed == 0 and stats.skipped == 0, stats.last_error
    assert 0.6 * 400 * 4 <= stats.row_changes <= 1.3 * 400 * 4 + 50  # held to the target rate
    assert stats.changes["insert"] and stats.changes["update"] and stats.changes["delete"]
    pg.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(schema)))
    new = "created_at > %(seeded_at)s"
    params = {"seeded_at": seeded_at}

    # Rows of one transaction share now(): a bill created apart from its visit would not.
    visits = pg.execute(f"SELECT count(*) FROM visits WHERE {new}", params).fetchone()[0]
    assert visits == stats.by_kind["new_visit"] - stats.by_kind["cancel_visit"] > 0
    apart = pg.execute(f"""SELECT count(*) FROM visits v JOIN billing_payments b USING (visit_id)
                           WHERE v.{new} AND b.created_at <> v.created_at""", params).fetchone()[0]
    assert apart == 0
    without_bill = pg.execute(f"""SELECT count(*) FROM visits v WHERE v.{new} AND NOT EXISTS
                                  (SELECT 1 FROM billing_payments b WHERE b.visit_id = v.visit_id)""",
                              params).fetchone()[0]
    assert without_bill <= stats.by_kind["void_bill"]
    orphans = pg.execute(f"""SELECT count(*) FROM prescriptions p WHERE p.{new} AND NOT EXISTS
                             (SELECT 1 FROM visits v WHERE v.created_at = p.created_at
                              AND v.patient_id = p.patient_id AND v.doctor_id = p.doctor_id)""", params).fetchone()[0]
    assert orphans == 0
    # Rows never updated since still carry the inserting transaction's id.
    same_xmin, other_xmin = pg.execute(f"""
        SELECT count(*) FILTER (WHERE v.xmin = b.xmin), count(*) FILTER (WHERE v.xmin <> b.xmin)
        FROM visits v JOIN billing_payments b USING (visit_id)
        WHERE v.{new} AND v.updated_at = v.created_at AND b.updated_at = b.created_at""", params).fetchone()
    assert same_xmin > 0 and other_xmin == 0

    # Updates and deletes reached the tables.
    paid_later = pg.execute(f"""SELECT count(*) FROM billing_payments
                                WHERE {new} AND payment_status = 'Paid' AND updated_at > created_at""",
                            params).fetchone()[0]
    assert paid_later > 0
    corrected = pg.execute(f"SELECT count(*) FROM visits WHERE {new} AND updated_at > created_at",
                           params).fetchone()[0]
    assert corrected > 0
    pg.execute("SET search_path TO public")


def test_stream_stops_cleanly_when_asked(settings, make_schema):
    schema = make_schema("stop")
    seed_database(settings, scale=0.05, seed=3, schema=schema)
    stop = threading.Event()
    threading.Timer(1.5, stop.set).start()
    started = time.monotonic()
    stats = run_stream(settings, rate=200, duration=None, seed=1, schema=schema, stop=stop, durable=True)
    assert 1.4 <= time.monotonic() - started < 5
    assert stats.transactions > 0 and stats.failed == 0


@pytest.mark.parametrize("encrypted", [False, True], ids=["clear", "envelope"])
def test_vitals_reach_kafka_and_decode(settings, pg, make_schema, unique, tmp_path, encrypted):
    from kafka import KafkaConsumer, TopicPartition
    from kafka.admin import KafkaAdminClient

    schema = make_schema("vitals")
    topic = f"test.vitals.{unique}"
    keys = write_keys_file(tmp_path / "keys.json", ["ward-1", "ward-2"]) if encrypted else {}
    if encrypted:
        settings = settings.model_copy(update={"vitals": VitalsSettings(keys_file=tmp_path / "keys.json")})
    seed_database(settings, scale=0.05, seed=21, schema=schema)
    devices = {row[0]: (row[1], row[2]) for row in pg.execute(sql.SQL(
        "SELECT device_id, patient_id, key_id FROM {}").format(sql.Identifier(schema, "devices")))}

    stats = run_stream(settings, rate=20, duration=3, vitals_rate=150, vitals_topic=topic, seed=2, schema=schema,
                       episode_chance=0.05)
    assert stats.vitals_errors == 0
    assert 0.6 * 150 * 3 <= stats.vitals_sent <= 1.3 * 150 * 3

    consumer = KafkaConsumer(bootstrap_servers=settings.kafka.bootstrap_servers, enable_auto_commit=False)
    try:
        partitions = []
        deadline = time.monotonic() + 15
        while not partitions and time.monotonic() < deadline:
            consumer.topics()  # refreshes metadata
            partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or ()]
        assert partitions, f"topic {topic} was not created"
        consumer.assign(partitions)
        consumer.seek_to_beginning(*partitions)
        messages = []
        deadline = time.monotonic() + 30
        while len(messages) < stats.vitals_sent and time.monotonic() < deadline:
            for batch in consumer.poll(timeout_ms=1000).values():
                messages.extend(batch)
    finally:
        consumer.close()
        admin = KafkaAdminClient(bootstrap_servers=settings.kafka.bootstrap_servers)
        try:
            admin.delete_topics([topic])
        finally:
            admin.close()

    assert len(messages) == stats.vitals_sent
    for message in messages:
        raw = json.loads(message.value)
        assert ("ct" in raw) == encrypted
        if encrypted:
            assert raw["kid"] == devices[raw["device_id"]][1]  # each device's own key
            assert "heart_rate" not in raw
        reading = decode_value(message.value, keys)
        assert tuple(reading) == READING_FIELDS
        assert message.key == str(reading["device_id"]).encode()
        assert devices[reading["device_id"]][0] == reading["patient_id"]
        assert abs(reading["measured_at"] - time.time() * 1000) < 120_000


def test_cli_seed_and_stream(settings, make_schema):
    from hospital.cli import cli
    from hospital.commands import register_all

    register_all(cli)
    schema = make_schema("cli")
    runner = CliRunner()
    result = runner.invoke(cli, ["seed", "--scale", "0.05", "--seed", "8", "--schema", schema])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("seeded ") and "50 patients" in result.output
    result = runner.invoke(cli, ["seed", "--scale", "0.05", "--seed", "8", "--schema", schema])
    assert result.exit_code == 0 and "already loaded" in result.output
    result = runner.invoke(cli, ["stream", "--rate", "200", "--duration", "2", "--seed", "4", "--json",
                                 "--schema", schema])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout[result.stdout.index("{"):])
    assert summary["seed"] == 4 and summary["transactions"] > 0 and summary["failed"] == 0


def test_cli_reports_a_missing_seed_as_one_line(make_schema):
    from hospital.cli import cli
    from hospital.commands import register_all

    register_all(cli)
    schema = make_schema("empty")
    result = CliRunner().invoke(cli, ["stream", "--duration", "1", "--schema", schema])
    assert result.exit_code == 1
    assert "run `hospital seed` first" in result.output
    assert "Traceback" not in result.output
