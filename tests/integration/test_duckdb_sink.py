"""The DuckDB consumer on real services: Postgres -> Debezium -> Kafka -> consumer loop -> warehouse.

The loop runs in-process with a temporary warehouse and a unique consumer group that starts
at the topics' current end; the rows are this run's own (unique markers). Services that cannot be reached make these tests fail.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import duckdb
import pytest
from kafka import KafkaConsumer, KafkaProducer
from kafka.admin import KafkaAdminClient, NewTopic

from consumers.core.tables import TABLES
from consumers.duckdb import contracts
from consumers.duckdb.runner import build_loop
from consumers.duckdb.settings import topics
from consumers.duckdb.sink import DuckDBSink
from consumers.duckdb.warehouse import Warehouse
from hospital.postgres import connect
from hospital.privacy import age_band, pseudonym, pseudonym_key
from tests.integration.kafka_groups import start_groups_at_end

pytestmark = pytest.mark.integration

CORE_SERVICES = {"postgres", "kafka", "connect"}
SETTLE_TIMEOUT_S = 120


@pytest.fixture(scope="module")
def backbone(settings):
    """Postgres, Kafka and Debezium, started like `hospital up` does if they are not running."""
    from hospital import connectors
    from hospital.local import stack as local_stack
    from hospital.local.layout import Layout
    from hospital.local.supervisor import Supervisor

    was_running = Supervisor(Layout.of(settings)).running()
    try:
        local_stack.start_services(settings, progress=print, only=CORE_SERVICES)
        local_stack.prepare_database(settings, progress=print)
        connectors.register(settings)
        yield settings
    finally:
        if not was_running:
            local_stack.down(settings, progress=print)


class RunningConsumer:
    def __init__(self, settings, tmp: Path, unique: str):
        self.settings = settings
        self.poison_topic = f"test.duckdb.poison.{unique}"
        self.dlq_topic = f"test.duckdb.dlq.{unique}"
        admin = KafkaAdminClient(bootstrap_servers=settings.kafka.bootstrap_servers)
        try:
            admin.create_topics([NewTopic(self.poison_topic, 1, 1), NewTopic(self.dlq_topic, 1, 1)])
        finally:
            admin.close()
        self.work = tmp / "work" / "work.duckdb"
        self.published = tmp / "warehouse" / "hospital.duckdb"
        self.sink = DuckDBSink(Warehouse.open(self.work), self.published, publish_interval_s=0.5)
        group = f"test-duckdb-{unique}"
        # This run's rows only: the groups (and the replay's) start at the topics' current end.
        start_groups_at_end(settings.kafka.bootstrap_servers, [group, f"{group}-replay"],
                            topics(settings) + [self.poison_topic])
        self.loop = build_loop(settings, self.sink, group_id=group,
                               topic_names=topics(settings) + [self.poison_topic])
        self.loop.dlq_topic = self.dlq_topic
        self.errors: list[BaseException] = []
        self.sink.publish(force=True)
        self.sink.start_publishing(tick_s=0.1)
        self.thread = threading.Thread(target=self._run, name="duckdb-loop", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            self.loop.run()
        except BaseException as exc:  # surfaced by the tests, not lost in the thread
            self.errors.append(exc)

    def stop(self) -> None:
        self.loop.stop()
        self.thread.join(timeout=60)
        self.sink.stop_publishing()
        self.sink.warehouse.close()
        admin = KafkaAdminClient(bootstrap_servers=self.settings.kafka.bootstrap_servers)
        try:
            admin.delete_topics([self.poison_topic, self.dlq_topic])
        finally:
            admin.close()


@pytest.fixture(scope="module")
def consumer(backbone, tmp_path_factory):
    import uuid

    running = RunningConsumer(backbone, tmp_path_factory.mktemp("duckdb"), uuid.uuid4().hex[:10])
    try:
        yield running
    finally:
        running.stop()
    assert not running.errors, f"consumer loop failed: {running.errors!r}"


def read_published(path: Path, sql: str, params=None) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def insert_graph(conn, marker: str) -> dict[str, list[int]]:
    ids: dict[str, list[int]] = {}

    def one(table, sql, params):
        ids.setdefault(table, []).append(conn.execute(sql, params).fetchone()[0])
        return ids[table][-1]

    doctor = one("doctors", "INSERT INTO doctors (name, specialization, experience_years, contact_info) "
                 "VALUES (%s, 'Cardiology', 5, %s) RETURNING doctor_id", (f"Dr {marker}", f"dr{marker}@clinic.test"))
    patient = one("patients", "INSERT INTO patients (full_name, date_of_birth, gender, blood_type, contact_info, "
                  "insurance_id) VALUES (%s, DATE '1961-02-28', 'Female', 'AB-', %s, %s) RETURNING patient_id",
                  (f"Zed{marker}Patient", f"zed{marker}@mail.test", f"INS{marker}Z"))
    medicine = one("medicines", "INSERT INTO medicines (name, category, manufacturer, price) "
                   "VALUES (%s, 'Antibiotic', 'Acme', 12.34) RETURNING medicine_id", (f"Med {marker}",))
    visits = [one("visits", "INSERT INTO visits (patient_id, doctor_id, visit_date, diagnosis, total_cost) "
                  "VALUES (%s, %s, %s, 'Hypertension', %s) RETURNING visit_id", (patient, doctor, when, cost))
              for when, cost in ((date(2024, 2, 29), "200.00"), (date(2024, 3, 30), "500.01"))]
    for visit, amount in ((visits[0], "100.00"), (visits[0], "100.00"), (visits[1], "500.01")):
        one("billing_payments", "INSERT INTO billing_payments (patient_id, visit_id, billing_date, total_amount, "
            "payment_status) VALUES (%s, %s, DATE '2024-04-01', %s, 'Pending') RETURNING billing_id",
            (patient, visit, amount))
    for dosage in ("500 mg 2x daily", "5 ml 3x daily"):
        one("prescriptions", "INSERT INTO prescriptions (patient_id, doctor_id, medicine_id, dosage, duration) "
            "VALUES (%s, %s, %s, %s, '7 days') RETURNING prescription_id", (patient, doctor, medicine, dosage))
    return ids


def change_graph(conn, ids) -> None:
    conn.execute("UPDATE doctors SET experience_years = 16 WHERE doctor_id = %s", (ids["doctors"][0],))
    conn.execute("UPDATE patients SET blood_type = 'O+' WHERE patient_id = %s", (ids["patients"][0],))
    conn.execute("UPDATE visits SET total_cost = 0.01 WHERE visit_id = %s", (ids["visits"][0],))
    conn.execute("UPDATE billing_payments SET payment_status = 'Paid' WHERE billing_id = %s", (ids["billing_payments"][0],))
    conn.execute("DELETE FROM billing_payments WHERE billing_id = %s", (ids["billing_payments"][1],))
    conn.execute("DELETE FROM prescriptions WHERE prescription_id = %s", (ids["prescriptions"][1],))


def postgres_state(settings, ids) -> dict[str, list[tuple]]:
    """What the warehouse must hold for these keys: Postgres rows, pseudonymised like the sinks."""
    key = pseudonym_key(settings)
    state = {}
    with connect(settings) as conn:
        for table, keys in ids.items():
            t = TABLES[table]
            columns = [c for c in t.columns if c != "age_band"] + (["date_of_birth"] if table == "patients" else [])
            rows = conn.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE {t.key} = ANY(%s) ORDER BY {t.key}",
                                (keys,)).fetchall()
            if table == "patients":
                rows = [_pseudonymised(dict(zip(columns, r)), key) for r in rows]
                state[table] = [tuple(r[c] for c in t.columns) for r in rows]
            else:
                state[table] = [tuple(r) for r in rows]
    return state


def _pseudonymised(row: dict, key: str) -> dict:
    for column in ("full_name", "contact_info", "insurance_id"):
        row[column] = pseudonym(row[column], key) if row[column] is not None else None
    row["age_band"] = age_band(row.pop("date_of_birth"), date.today())
    return row


def warehouse_state(path: Path, ids) -> dict[str, list[tuple]]:
    state = {}
    for table, keys in ids.items():
        t = TABLES[table]
        state[table] = [tuple(r) for r in read_published(
            path, f"SELECT {', '.join(t.columns)} FROM main.{table} WHERE {t.key} IN (SELECT unnest(?)) "
                  f"ORDER BY {t.key}", [keys])]
    return state


def wait_for(condition, timeout: float = SETTLE_TIMEOUT_S, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.25)
    pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}")


def settle(consumer, ids) -> dict:
    """Wait until the published warehouse equals Postgres for these keys; return that state."""
    expected = postgres_state(consumer.settings, ids)
    last = {}

    def equal():
        last["seen"] = warehouse_state(consumer.published, ids)
        return last["seen"] == expected

    deadline = time.monotonic() + SETTLE_TIMEOUT_S
    while time.monotonic() < deadline:
        assert not consumer.errors, consumer.errors
        if equal():
            return expected
        time.sleep(0.25)
    diff = {t: (expected[t], last["seen"].get(t)) for t in expected if expected[t] != last["seen"].get(t)}
    pytest.fail(f"warehouse differs from Postgres after {SETTLE_TIMEOUT_S}s: {diff}")


@pytest.fixture(scope="module")
def graph(consumer):
    import uuid

    marker = uuid.uuid4().hex[:10]
    with connect(consumer.settings, autocommit=True) as conn:
        ids = insert_graph(conn, marker)
    yield marker, ids
    with connect(consumer.settings, autocommit=True) as conn:
        conn.execute("DELETE FROM patients WHERE patient_id = ANY(%s)", (ids["patients"],))
        conn.execute("DELETE FROM medicines WHERE medicine_id = ANY(%s)", (ids["medicines"],))
        conn.execute("DELETE FROM doctors WHERE doctor_id = ANY(%s)", (ids["doctors"],))


def test_current_state_equals_postgres_after_inserts_updates_deletes(consumer, graph):
    _marker, ids = graph
    settle(consumer, ids)
    with connect(consumer.settings, autocommit=True) as conn:
        change_graph(conn, ids)
    state = settle(consumer, ids)
    assert len(state["billing_payments"]) == 2 and len(state["prescriptions"]) == 1
    markers = read_published(consumer.published, "SELECT count(*) FROM state.prescriptions "
                             "WHERE prescription_id = ? AND _deleted", [ids["prescriptions"][1]])
    assert markers == [(1,)], "a delete is kept as a marker with its version"
    spending = read_published(consumer.published, "SELECT total_visits, total_bills, total_prescriptions, age_group "
                              "FROM patient_spending_analysis WHERE patient_id = ?", [ids["patients"][0]])
    group = {"0-17": "Child", "18-40": "Adult", "41-65": "Middle-aged", "66+": "Senior"}[
        age_band(date(1961, 2, 28), date.today())]
    assert spending == [(2, 2, 1, group)]
    level = read_published(consumer.published, "SELECT experience_level FROM doctor_performance WHERE doctor_id = ?",
                           [ids["doctors"][0]])
    assert level == [("Senior",)]


def test_replaying_the_topics_changes_nothing(consumer, graph):
    _marker, ids = graph
    settle(consumer, ids)
    with connect(consumer.settings, autocommit=True) as conn:
        change_graph(conn, ids)  # idempotent statements: state is already at these values
    settle(consumer, ids)

    def versioned():
        return {t: read_published(consumer.published, f"SELECT * FROM state.{t} WHERE {TABLES[t].key} "
                                  f"IN (SELECT unnest(?)) ORDER BY 1", [keys]) for t, keys in ids.items()}

    before = versioned()
    replay = build_loop(consumer.settings, consumer.sink, group_id=f"{consumer.loop.group_id}-replay",
                        topic_names=topics(consumer.settings))
    errors = []
    thread = threading.Thread(target=lambda: _run_until_idle(replay, errors))
    thread.start()
    thread.join(timeout=300)
    assert not errors, errors
    assert replay.stats.changes > 0, "the replay read nothing"
    assert consumer.sink.publish(force=True)
    assert versioned() == before


def _run_until_idle(loop, errors):
    try:
        loop.run(until_idle_s=5)
    except BaseException as exc:
        errors.append(exc)


def test_poison_message_goes_to_the_dead_letter_topic_and_the_loop_carries_on(consumer):
    import uuid

    settings = consumer.settings
    producer = KafkaProducer(bootstrap_servers=settings.kafka.bootstrap_servers)
    producer.send(consumer.poison_topic, key=b"poison", value=b"{not json").get(timeout=30)
    producer.close()
    dlq = KafkaConsumer(consumer.dlq_topic, bootstrap_servers=settings.kafka.bootstrap_servers,
                        auto_offset_reset="earliest", enable_auto_commit=False, consumer_timeout_ms=60_000)
    try:
        # The table topics may hold other poison (the end-to-end tests leave some): find ours.
        letter = next((d for d in (json.loads(r.value) for r in dlq) if d["topic"] == consumer.poison_topic), None)
    finally:
        dlq.close()
    assert letter is not None, f"no dead letter for {consumer.poison_topic} within 60 s"
    assert letter["offset"] == 0 and letter["stage"] == "duckdb"
    assert "not JSON" in letter["reason"]
    with connect(settings, autocommit=True) as conn:
        doctor_id = conn.execute("INSERT INTO doctors (name, specialization, experience_years) "
                                 "VALUES (%s, 'Neurology', 3) RETURNING doctor_id", (f"after-poison {uuid.uuid4()}",)
                                 ).fetchone()[0]
    try:
        wait_for(lambda: read_published(consumer.published, "SELECT 1 FROM doctors WHERE doctor_id = ?", [doctor_id]),
                 what="a change after the poison message")
        assert consumer.loop.stats.dead_letters >= 1
    finally:
        with connect(settings, autocommit=True) as conn:
            conn.execute("DELETE FROM doctors WHERE doctor_id = %s", (doctor_id,))


HOLDER = """
import sys, duckdb
held = duckdb.connect(sys.argv[1], read_only=True)  # a user keeping the file open the whole time
before = held.execute("SELECT count(*) FROM doctors").fetchone()[0]
print("open", flush=True)
sys.stdin.readline()
after = held.execute("SELECT count(*) FROM doctors").fetchone()[0]
print("consistent" if after == before else f"changed {before} -> {after}", flush=True)
"""

# Opens the file afresh for every read. (Within one process DuckDB reuses an open database
# for the same path, so the holder above must be a process of its own.)
READER = """
import sys, time, duckdb
path, marker, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
counts, end = [], time.monotonic() + seconds
while time.monotonic() < end:
    con = duckdb.connect(path, read_only=True)
    counts.append(con.execute("SELECT count(*) FROM doctors WHERE name LIKE ?", [marker + '%']).fetchone()[0])
    con.close()
    time.sleep(0.2)
print(" ".join(map(str, counts)))
"""


def test_another_process_reads_the_published_file_while_the_consumer_writes(consumer):
    import uuid

    settings = consumer.settings
    marker = f"reader-{uuid.uuid4().hex[:8]}"
    publishes_before = consumer.sink.publishes
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(consumer.published)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    reader = subprocess.Popen([sys.executable, "-c", READER, str(consumer.published), marker, "15"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        with connect(settings, autocommit=True) as conn:
            for i in range(5):
                conn.execute("INSERT INTO doctors (name, specialization, experience_years) VALUES (%s, 'Oncology', %s)",
                             (f"{marker} {i}", i))
                time.sleep(1)
        out, err = reader.communicate(timeout=60)
        assert reader.returncode == 0, err
        counts = [int(c) for c in out.split()]
        assert counts == sorted(counts), f"counts went backwards: {counts}"
        assert counts[-1] == 5, f"the reader never saw all 5 doctors: {counts}"
        assert counts[0] < 5, f"the reader did not see the doctors arrive: {counts}"
        holder.stdin.write("\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "consistent"
        assert consumer.sink.publishes > publishes_before + 3
        cli = Path(sys.executable).parent / "duckdb"
        shown = subprocess.run([str(cli), "-readonly", "-csv", str(consumer.published), "-c",
                                f"SELECT count(*) AS n FROM doctors WHERE name LIKE '{marker}%'"],
                               capture_output=True, text=True, timeout=60)
        assert shown.returncode == 0, shown.stderr
        assert shown.stdout.splitlines() == ["n", "5"]
    finally:
        reader.kill()
        holder.kill()
        with connect(settings, autocommit=True) as conn:
            conn.execute("DELETE FROM doctors WHERE name LIKE %s", (f"{marker}%",))


def test_no_patient_identifier_in_clear_anywhere(consumer, graph):
    marker, ids = graph
    settle(consumer, ids)
    consumer.sink.publish(force=True)
    clear = [f"Zed{marker}Patient", f"zed{marker}@mail.test", f"INS{marker}Z"]
    columns = read_published(consumer.published, "SELECT table_schema, table_name, column_name "
                             "FROM information_schema.columns WHERE data_type IN ('VARCHAR', 'JSON') "
                             "AND table_schema IN ('main', 'state')")
    assert ("state", "patients", "full_name") in columns
    for schema, table, column in columns:
        for value in clear:
            hits = read_published(consumer.published, f'SELECT count(*) FROM "{schema}"."{table}" '
                                                      f'WHERE CAST("{column}" AS VARCHAR) LIKE ?', [f"%{value}%"])
            assert hits == [(0,)], f"{value!r} in clear in {schema}.{table}.{column}"
    # The raw bytes too, including the consumer's working file and its write-ahead log.
    for path in (consumer.published, consumer.work, Path(f"{consumer.work}.wal")):
        raw = path.read_bytes() if path.exists() else b""
        for value in clear:
            assert value.encode() not in raw, f"{value!r} in the bytes of {path}"


def test_contracts_hold_on_the_real_data(consumer, graph):
    _marker, ids = graph
    settle(consumer, ids)
    con = duckdb.connect(str(consumer.published), read_only=True)
    try:
        assert contracts.violations(con) == []
    finally:
        con.close()
