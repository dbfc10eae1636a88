"""The ClickHouse consumer on real services: Postgres -> Debezium -> Kafka -> loop -> chDB.

The loop runs in-process on a temporary chDB directory with a unique consumer group, dead-letter
topic and poison topic, so it never touches the supervised consumer's data or offsets. Its
groups start at the topics' current end, so the run time does not grow with the shared history.
The shared stack must be up (`hospital up`); unreachable services make these tests fail.
"""

from __future__ import annotations

import json
import threading
import time
from decimal import Decimal

import psycopg
import pytest
import requests
from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.errors import KafkaError

from consumers.clickhouse.bench import delete_topics
from consumers.clickhouse.contracts import violations
from consumers.clickhouse.runner import running_consumer
from consumers.clickhouse.settings import sink_config
from hospital import connectors
from hospital.postgres import connect
from hospital.privacy import pseudonym, pseudonym_key
from tests.integration.kafka_groups import start_groups_at_end

pytestmark = pytest.mark.integration

KEYS = {"doctors": "doctor_id", "patients": "patient_id", "medicines": "medicine_id", "visits": "visit_id",
        "billing_payments": "billing_id", "prescriptions": "prescription_id"}
COMPARED = {  # columns compared with Postgres as they are (patients' identifiers are compared as pseudonyms)
    "doctors": ["doctor_id", "name", "specialization", "experience_years", "contact_info"],
    "patients": ["patient_id", "gender", "blood_type"],
    "medicines": ["medicine_id", "name", "category", "manufacturer", "price"],
    "visits": ["visit_id", "patient_id", "doctor_id", "visit_date", "diagnosis", "total_cost"],
    "billing_payments": ["billing_id", "patient_id", "visit_id", "billing_date", "total_amount", "payment_status"],
    "prescriptions": ["prescription_id", "patient_id", "doctor_id", "medicine_id", "dosage", "duration"],
}


@pytest.fixture(scope="module")
def backbone(settings):
    """Postgres, Kafka and the Debezium connector must be up: fail (never skip) otherwise."""
    try:
        with connect(settings) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        pytest.fail(f"Postgres unreachable at {settings.postgres.host}:{settings.postgres.port}: {exc} (run `hospital up`)")
    try:
        KafkaAdminClient(bootstrap_servers=settings.kafka.bootstrap_servers, request_timeout_ms=5000).close()
    except (KafkaError, OSError) as exc:
        pytest.fail(f"Kafka unreachable at {settings.kafka.bootstrap_servers}: {exc} (run `hospital up`)")
    try:
        connectors.wait_running(settings, timeout=60)
    except Exception as exc:  # noqa: BLE001 - any failure here means the backbone is not usable
        pytest.fail(f"Debezium connector not RUNNING: {exc} (run `hospital up`)")
    return settings


def make_rows(conn, u):
    """Unique rows in the six tables, then updates and deletes; returns the ids that must remain."""
    one = lambda sql, *args: conn.execute(sql, args).fetchone()[0]  # noqa: E731
    ids = {t: [] for t in KEYS}
    doctor = one("INSERT INTO doctors (name, specialization, experience_years, contact_info) "
                 "VALUES (%s, 'Cardiology', 4, %s) RETURNING doctor_id", f"Dr {u}", f"dr-{u}@clinic.test")
    spare_doctor = one("INSERT INTO doctors (name, specialization, experience_years) VALUES (%s, 'Oncology', 20) "
                       "RETURNING doctor_id", f"Dr spare {u}")
    patients = [one("INSERT INTO patients (full_name, date_of_birth, gender, blood_type, contact_info, insurance_id) "
                    "VALUES (%s, DATE '1980-05-17', 'Female', 'A+', %s, %s) RETURNING patient_id",
                    f"Patient {u} {n}", f"+1-555-{u}-{n}", f"INS-{u}-{n}") for n in range(2)]
    meds = [one("INSERT INTO medicines (name, category, manufacturer, price) VALUES (%s, 'Antibiotic', 'Acme', 9.99) "
                "RETURNING medicine_id", f"Med {u} {n}") for n in range(3)]
    diagnoses = [f"Diag-{u}-A", f"Diag-{u}-A", f"Diag-{u}-B", f"Diag-{u}-B"]
    visits = [one("INSERT INTO visits (patient_id, doctor_id, visit_date, diagnosis, total_cost) "
                  "VALUES (%s, %s, DATE '2024-02-29', %s, %s) RETURNING visit_id",
                  patients[0], doctor, d, Decimal("100.25") + n) for n, d in enumerate(diagnoses)]
    bills = [one("INSERT INTO billing_payments (patient_id, visit_id, billing_date, total_amount, payment_status) "
                 "VALUES (%s, %s, DATE '2024-03-01', 100.25, 'Pending') RETURNING billing_id", patients[0], v)
             for v in visits[:2]]
    scripts = [one("INSERT INTO prescriptions (patient_id, doctor_id, medicine_id, dosage, duration) "
                   "VALUES (%s, %s, %s, '500 mg 2x daily', '7 days') RETURNING prescription_id",
                   patients[0], doctor, m) for m in (meds[0], meds[0], meds[0], meds[1])]
    # updates, including ones that move rows between the materialized totals' groups
    conn.execute("UPDATE visits SET diagnosis = %s, total_cost = 0.01 WHERE visit_id = %s", (diagnoses[0], visits[2]))
    conn.execute("UPDATE prescriptions SET medicine_id = %s WHERE prescription_id = %s", (meds[1], scripts[0]))
    conn.execute("UPDATE patients SET contact_info = %s WHERE patient_id = %s", (f"+1-555-{u}-new", patients[0]))
    conn.execute("UPDATE doctors SET experience_years = 5 WHERE doctor_id = %s", (doctor,))
    conn.execute("UPDATE medicines SET price = 12345678.90 WHERE medicine_id = %s", (meds[0],))
    conn.execute("UPDATE billing_payments SET payment_status = 'Paid' WHERE billing_id = %s", (bills[0],))
    # deletes
    conn.execute("DELETE FROM billing_payments WHERE billing_id = %s", (bills[1],))
    conn.execute("DELETE FROM visits WHERE visit_id = %s", (visits[1],))
    conn.execute("DELETE FROM prescriptions WHERE prescription_id = %s", (scripts[2],))
    conn.execute("DELETE FROM medicines WHERE medicine_id = %s", (meds[2],))
    conn.execute("DELETE FROM patients WHERE patient_id = %s", (patients[1],))
    conn.execute("DELETE FROM doctors WHERE doctor_id = %s", (spare_doctor,))
    ids.update(doctors=[doctor, spare_doctor], patients=patients, medicines=meds, visits=visits,
               billing_payments=bills, prescriptions=scripts)
    return ids


def cleanup(settings, ids):
    """Best effort: rows that other writers (the generator) meanwhile reference are left in place."""
    with connect(settings, autocommit=True) as conn:
        for table in ("prescriptions", "billing_payments", "visits", "medicines", "patients", "doctors"):
            for key in ids.get(table, ()):
                try:
                    conn.execute(f"DELETE FROM {table} WHERE {KEYS[table]} = %s", (key,))
                except psycopg.errors.IntegrityError:
                    pass


class Engine:
    """Parameterised reads on the consumer's own read-only handle, under the sink's lock."""

    def __init__(self, endpoint):
        self.endpoint = endpoint

    def rows(self, sql, **parameters):
        with self.endpoint.lock:
            return self.endpoint.client.query(sql, parameters=parameters).result_rows

    def http(self, sql):
        response = requests.post(f"{self.endpoint.url}/query", data=sql.encode(), timeout=30)
        assert response.status_code == 200, response.text
        return response.json()["rows"]


def snapshot(engine, ids, u):
    """Everything the test asserts on, for its own keys: current state, totals, signed logs."""
    state = {t: engine.rows(f"SELECT * EXCEPT (_ingested_at) FROM {t} WHERE {k} IN {{ids:Array(Int64)}} ORDER BY {k}",
                            ids=ids[t]) for t, k in KEYS.items()}
    totals = {
        "diagnosis": engine.rows("SELECT * FROM mv_top_diagnosis WHERE diagnosis LIKE {p:String} ORDER BY diagnosis",
                                 p=f"Diag-{u}-%"),
        "prescriptions": engine.rows("SELECT * FROM mv_prescription_stats WHERE medicine_id IN {m:Array(Int64)} "
                                     "ORDER BY medicine_id", m=ids["medicines"]),
        "doctor": engine.rows("SELECT * FROM mv_revenue_by_doctor WHERE doctor_id = {d:Int64}", d=ids["doctors"][0]),
        "visit_signs": engine.rows("SELECT count() FROM visit_signs WHERE visit_id IN {v:Array(Int64)}", v=ids["visits"]),
        "prescription_signs": engine.rows("SELECT count() FROM prescription_signs WHERE prescription_id IN "
                                          "{p:Array(Int64)}", p=ids["prescriptions"]),
    }
    return state, totals


def wait_for(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.5)
    pytest.fail(f"timed out after {timeout}s waiting for {what}")


def caught_up(bootstrap, group, topics) -> bool:
    """The group's committed offsets reached every partition's end offset as of now."""
    consumer = KafkaConsumer(bootstrap_servers=bootstrap)
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    try:
        partitions = [TopicPartition(t, p) for t in topics for p in consumer.partitions_for_topic(t) or ()]
        ends = consumer.end_offsets(partitions)
        committed = admin.list_group_offsets({group: None}).get(group, {})
        return all(ends[tp] == 0 or (tp in committed and committed[tp].offset >= ends[tp]) for tp in partitions)
    finally:
        consumer.close()
        admin.close()


class LoopThread:
    def __init__(self, loop):
        self.loop, self.error = loop, None
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        try:
            self.loop.run()
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            self.error = exc

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.loop.stop()
        self.thread.join(30)
        assert not self.thread.is_alive(), "consumer loop did not stop"
        assert self.error is None, f"consumer loop failed: {self.error!r}"


class Hammer:
    """Queries the HTTP endpoint in a loop from another thread, recording answer times and errors."""

    def __init__(self, url):
        self.url, self.seconds, self.errors = url, [], []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self.stop.is_set():
            started = time.monotonic()
            try:
                response = requests.post(f"{self.url}/query", data=b"SELECT count() FROM visits", timeout=30)
                if response.status_code != 200:
                    self.errors.append(response.text)
            except requests.RequestException as exc:
                self.errors.append(repr(exc))
            self.seconds.append(time.monotonic() - started)
            time.sleep(0.05)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(35)


def dead_letters(bootstrap, topic, expected, timeout=30):
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, auto_offset_reset="earliest", enable_auto_commit=False)
    try:
        deadline = time.monotonic() + timeout
        while not consumer.partitions_for_topic(topic) and time.monotonic() < deadline:
            time.sleep(0.5)
        consumer.assign([TopicPartition(topic, 0)])
        consumer.seek_to_beginning()
        found = []
        while len(found) < expected and time.monotonic() < deadline:
            for batch in consumer.poll(timeout_ms=500).values():
                found.extend(json.loads(r.value) for r in batch)
        return found
    finally:
        consumer.close()


def test_consumer_matches_postgres_through_updates_deletes_replays_and_poison(backbone, unique, tmp_path):
    settings = backbone
    u = unique
    key = pseudonym_key(settings)
    poison_topic, dlq_topic = f"test.clickhouse.poison.{u}", f"dlq.test-clickhouse-{u}"
    base = sink_config(settings)
    cfg = base.with_overrides(dsn=f"chdb://{tmp_path / 'ch'}", chdb_path=tmp_path / "ch", group_id=f"test-ch-{u}",
                              dlq_topic=dlq_topic, query_port=0, topics=(*base.topics, poison_topic),
                              max_batch_records=2000)
    producer = KafkaProducer(bootstrap_servers=cfg.bootstrap_servers, acks="all")
    producer.send(poison_topic, key=b'{"visit_id": 1}', value=b'{"op": "c", "after": {"visit_id": 1')  # cut off
    producer.flush()
    producer.close()
    replay_group = f"test-ch-{u}-replay"
    # Both groups start where the topics end now; the replay group later re-reads the same range.
    start_groups_at_end(cfg.bootstrap_servers, [cfg.group_id, replay_group], base.topics)
    ids: dict = {}
    try:
        with connect(settings, autocommit=True) as conn:
            ids = make_rows(conn, u)
        with running_consumer(cfg, key) as (loop, endpoint), LoopThread(loop):
            engine = Engine(endpoint)
            # the last change made above is the spare doctor's delete: once it is in, so is the rest of its topic
            wait_for(lambda: engine.rows("SELECT argMax(_deleted, _version) FROM doctors WHERE doctor_id = {d:Int64} "
                                         "SETTINGS final = 0", d=ids["doctors"][1]) == [(1,)], 120,
                     "the last change to reach ClickHouse")
            wait_for(lambda: caught_up(cfg.bootstrap_servers, cfg.group_id, cfg.topics), 120, "the consumer to catch up")
            assert engine.http("SELECT 1")  # the endpoint answers while the loop runs
            before = snapshot(engine, ids, u)
            assert loop.stats.dead_letters >= 1
            assert violations(engine.rows) == []  # over everything consumed, not only this test's rows

        check_against_postgres(settings, before, ids, u, key)

        letters = [d for d in dead_letters(cfg.bootstrap_servers, dlq_topic, 1) if d["topic"] == poison_topic]
        assert len(letters) == 1 and "not JSON" in letters[0]["reason"] and letters[0]["stage"] == "clickhouse"
        assert letters[0]["partition"] == 0 and letters[0]["offset"] == 0

        # Replay everything already consumed (a new group from the same start offsets) into the same engine.
        replay = cfg.with_overrides(group_id=replay_group, topics=base.topics)
        with running_consumer(replay, key) as (loop, endpoint), LoopThread(loop), Hammer(endpoint.url) as hammer:
            engine = Engine(endpoint)
            wait_for(lambda: caught_up(replay.bootstrap_servers, replay.group_id, replay.topics), 180,
                     "the replay to catch up")
            assert loop.stats.batches >= 1
            wait_for(lambda: len(hammer.seconds) >= 5, 30, "ad hoc queries during the replay")
            after = snapshot(engine, ids, u)
            check_no_identifier_in_clear(engine, ids, u)
        assert after == before
        # ad hoc queries kept being answered while the replay's batches were written
        assert hammer.errors == [] and len(hammer.seconds) >= 5
        assert max(hammer.seconds) < 10, f"slowest query during ingestion took {max(hammer.seconds):.1f}s"
    finally:
        cleanup(settings, ids)
        delete_topics(cfg.bootstrap_servers, [poison_topic, dlq_topic])


def check_against_postgres(settings, snap, ids, u, key):
    state, totals = snap
    with connect(settings) as conn:
        for table, columns in COMPARED.items():
            k = KEYS[table]
            expected = conn.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE {k} = ANY(%s) ORDER BY {k}",
                                    (ids[table],)).fetchall()
            ch_columns = ["key"] + [c for c in columns if c != k]  # positions in ClickHouse rows
            got = [tuple(row[list_index(table, c)] for c in columns) for row in state[table]]
            assert got == [tuple(r) for r in expected], f"{table} differs from Postgres ({ch_columns})"
        # pseudonymised identifiers: the keyed hash of the current value, never the value
        patient = conn.execute("SELECT patient_id, full_name, contact_info, insurance_id FROM patients "
                               "WHERE patient_id = %s", (ids["patients"][0],)).fetchone()
        ch_patient = state["patients"][0]
        assert [ch_patient[list_index("patients", c)] for c in ("full_name", "contact_info", "insurance_id")] == \
            [pseudonym(v, key) for v in patient[1:]]
        assert ch_patient[list_index("patients", "age_band")] == "41-65"
        # totals equal the source's after the updates and deletes
        assert totals["diagnosis"] == conn.execute(
            "SELECT diagnosis, count(*) FROM visits WHERE diagnosis LIKE %s GROUP BY diagnosis ORDER BY diagnosis",
            (f"Diag-{u}-%",)).fetchall()
        assert totals["prescriptions"] == conn.execute(
            "SELECT medicine_id, count(*) FROM prescriptions WHERE medicine_id = ANY(%s) GROUP BY medicine_id "
            "ORDER BY medicine_id", (ids["medicines"],)).fetchall()
        assert totals["doctor"] == conn.execute(
            "SELECT doctor_id, sum(total_cost), count(*) FROM visits WHERE doctor_id = %s GROUP BY doctor_id",
            (ids["doctors"][0],)).fetchall()
    # concrete expectations, so an empty Postgres answer cannot make the comparisons pass
    assert totals["diagnosis"] == [(f"Diag-{u}-A", 2), (f"Diag-{u}-B", 1)]
    assert totals["prescriptions"] == [(ids["medicines"][0], 1), (ids["medicines"][1], 2)]
    assert [len(state[t]) for t in KEYS] == [1, 1, 2, 3, 1, 3]  # deleted rows are gone from the current state


def list_index(table, column):
    from consumers.clickhouse.blocks import columns_of

    return columns_of(table).index(column)


def check_no_identifier_in_clear(engine, ids, u):
    """No patient name, contact or insurance id (current or past values) in any string column."""
    needles = [f"Patient {u}", f"+1-555-{u}", f"INS-{u}"]
    columns = engine.rows("SELECT table, name FROM system.columns WHERE database = currentDatabase() "
                          "AND type LIKE '%String%' AND table NOT LIKE 'mv_%'")
    assert len(columns) > 20
    for table, column in columns:
        for needle in needles:
            hits = engine.rows(f"SELECT count() FROM `{table}` WHERE position(toString(`{column}`), {{n:String}}) > 0 "
                               "SETTINGS final = 0", n=needle)
            assert hits == [(0,)], f"{needle!r} in clear in {table}.{column}"
