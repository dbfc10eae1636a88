"""The CDC backbone on real services: Postgres -> Debezium (Kafka Connect) -> Kafka."""

from __future__ import annotations

import threading
import time
from decimal import Decimal

import psycopg
import pytest

from hospital import connectors
from hospital.errors import ConnectorError
from hospital.local.layout import Layout
from hospital.local.supervisor import Supervisor
from hospital.postgres import connect
from tests.integration.cdc_helpers import TopicWatcher

pytestmark = pytest.mark.integration

TABLE_KEYS = {
    "doctors": "doctor_id", "patients": "patient_id", "medicines": "medicine_id", "visits": "visit_id",
    "billing_payments": "billing_id", "prescriptions": "prescription_id", "devices": "device_id",
}


def topic(settings, table):
    return f"{settings.kafka.topic_prefix}.public.{table}"


def insert_graph(conn, marker):
    """One row in every captured table, linked by foreign keys; returns the ids."""
    ids = {}
    ids["doctors"] = conn.execute(
        "INSERT INTO doctors (name, specialization, experience_years, contact_info) VALUES (%s, 'Cardiology', 7, %s) RETURNING doctor_id",
        (f"Dr {marker}", f"{marker}@clinic.test")).fetchone()[0]
    ids["patients"] = conn.execute(
        "INSERT INTO patients (full_name, date_of_birth, gender, blood_type, contact_info, insurance_id) "
        "VALUES (%s, DATE '1961-02-28', 'Female', 'AB-', %s, %s) RETURNING patient_id",
        (f"Patient {marker}", f"+1-555-{marker}", f"INS-{marker}")).fetchone()[0]
    ids["medicines"] = conn.execute(
        "INSERT INTO medicines (name, category, manufacturer, price) VALUES (%s, 'Antibiotic', 'Acme', 12.34) RETURNING medicine_id",
        (f"Med {marker}",)).fetchone()[0]
    ids["visits"] = conn.execute(
        "INSERT INTO visits (patient_id, doctor_id, visit_date, diagnosis, total_cost) VALUES (%s, %s, DATE '2024-02-29', 'Hypertension', 1234.56) RETURNING visit_id",
        (ids["patients"], ids["doctors"])).fetchone()[0]
    ids["billing_payments"] = conn.execute(
        "INSERT INTO billing_payments (patient_id, visit_id, billing_date, total_amount, payment_status) VALUES (%s, %s, DATE '2024-03-01', 1234.56, 'Pending') RETURNING billing_id",
        (ids["patients"], ids["visits"])).fetchone()[0]
    ids["prescriptions"] = conn.execute(
        "INSERT INTO prescriptions (patient_id, doctor_id, medicine_id, dosage, duration) VALUES (%s, %s, %s, '500 mg 2x daily', '7 days') RETURNING prescription_id",
        (ids["patients"], ids["doctors"], ids["medicines"])).fetchone()[0]
    ids["devices"] = conn.execute(
        "INSERT INTO devices (patient_id, device_type, serial_number) VALUES (%s, 'pulse_oximeter', %s) RETURNING device_id",
        (ids["patients"], f"SN-{marker}")).fetchone()[0]
    return ids


UPDATES = {
    "doctors": ("UPDATE doctors SET experience_years = 8 WHERE doctor_id = %s", "experience_years", 8),
    "patients": ("UPDATE patients SET blood_type = 'O+' WHERE patient_id = %s", "blood_type", "O+"),
    "medicines": ("UPDATE medicines SET price = 99999999.99 WHERE medicine_id = %s", "price", "99999999.99"),
    "visits": ("UPDATE visits SET total_cost = 0.01 WHERE visit_id = %s", "total_cost", "0.01"),
    "billing_payments": ("UPDATE billing_payments SET payment_status = 'Paid' WHERE billing_id = %s", "payment_status", "Paid"),
    "prescriptions": ("UPDATE prescriptions SET duration = '10 days' WHERE prescription_id = %s", "duration", "10 days"),
    "devices": ("UPDATE devices SET active = false WHERE device_id = %s", "active", False),
}
DELETE_ORDER = ["prescriptions", "billing_payments", "devices", "visits", "medicines", "patients", "doctors"]


def test_insert_update_delete_reach_every_topic(stack, unique):
    settings = stack
    watchers = {t: TopicWatcher(settings.kafka.bootstrap_servers, topic(settings, t)) for t in TABLE_KEYS}
    try:
        with connect(settings, autocommit=True) as conn:
            ids = insert_graph(conn, unique)
            for table, (statement, _, _) in UPDATES.items():
                conn.execute(statement, (ids[table],))
            for table in DELETE_ORDER:
                conn.execute(f"DELETE FROM {table} WHERE {TABLE_KEYS[table]} = %s", (ids[table],))
        for table, key_column in TABLE_KEYS.items():
            mine = lambda key, value, t=table, k=key_column: key == {k: ids[t]}
            events = watchers[table].collect(mine, expected=4)
            ops = [value["op"] if value else "tombstone" for _, value, _ in events]
            assert ops == ["c", "u", "d", "tombstone"], f"{table}: {ops}"
            created, updated, deleted = (value for _, value, _ in events[:3])
            _, column, expected = UPDATES[table]
            assert updated["after"][column] == expected, table
            assert deleted["before"][key_column] == ids[table] and deleted["after"] is None, table
            for value in (created, updated, deleted):
                source = value["source"]
                assert isinstance(source["lsn"], int) and source["lsn"] > 0
                commit_lsn, event_lsn = (int(x) for x in __import__("json").loads(source["sequence"]))
                assert event_lsn == source["lsn"] and commit_lsn > 0
                assert value["transaction"]["total_order"] >= 1
            lsns = [v["source"]["lsn"] for v in (created, updated, deleted)]
            assert lsns == sorted(lsns), f"{table}: LSNs not increasing {lsns}"
        visit = watchers["visits"].collect(lambda k, v: False, expected=0)  # drained above
        assert visit == []
    finally:
        for watcher in watchers.values():
            watcher.close()


def test_exact_types_on_the_wire(stack, unique):
    """NUMERIC travels as exact decimal text, dates as ISO text (never floats or base64)."""
    settings = stack
    visits = TopicWatcher(settings.kafka.bootstrap_servers, topic(settings, "visits"))
    patients = TopicWatcher(settings.kafka.bootstrap_servers, topic(settings, "patients"))
    try:
        with connect(settings, autocommit=True) as conn:
            ids = insert_graph(conn, unique)
        (_, visit, _), = visits.collect(lambda k, v: k == {"visit_id": ids["visits"]} and v and v["op"] == "c", 1)
        (_, patient, _), = patients.collect(lambda k, v: k == {"patient_id": ids["patients"]} and v and v["op"] == "c", 1)
        assert visit["after"]["total_cost"] == "1234.56"
        assert Decimal(visit["after"]["total_cost"]) == Decimal("1234.56")
        # isostring mode: an ISO date with Debezium's UTC marker, never epoch days
        assert visit["after"]["visit_date"] == "2024-02-29Z"
        assert patient["after"]["date_of_birth"] == "1961-02-28Z"
        assert patient["after"]["created_at"].endswith("Z")
    finally:
        visits.close()
        patients.close()
        with connect(settings, autocommit=True) as conn:
            conn.execute("DELETE FROM patients WHERE patient_id = %s", (ids["patients"],))


def test_connector_keeps_position_across_connect_restart(stack, unique):
    settings = stack
    layout = Layout.of(settings)
    supervisor = Supervisor(layout)
    watcher = TopicWatcher(settings.kafka.bootstrap_servers, topic(settings, "medicines"))
    inserted: list[int] = []
    stop = threading.Event()

    def write_steadily():
        with connect(settings, autocommit=True) as conn:
            n = 0
            while not stop.is_set():
                n += 1
                row = conn.execute(
                    "INSERT INTO medicines (name, category, manufacturer, price) VALUES (%s, 'Analgesic', 'Acme', %s) RETURNING medicine_id",
                    (f"restart-{unique}-{n}", Decimal("1.00") + n)).fetchone()
                inserted.append(row[0])
                time.sleep(0.02)

    writer = threading.Thread(target=write_steadily)
    writer.start()
    try:
        time.sleep(2)
        supervisor.stop("connect")
        time.sleep(3)  # changes keep being committed while Connect is down
        from hospital.local import connect_worker
        from hospital.local.stack import start_one

        start_one(supervisor, layout, connect_worker.service(settings, layout), progress=print)
        connectors.wait_running(settings, timeout=120)
        time.sleep(2)
    finally:
        stop.set()
        writer.join()
    mine = set(inserted)
    events = watcher.collect(lambda k, v: v is not None and v["op"] == "c" and k["medicine_id"] in mine,
                             expected=len(mine), timeout=120)
    seen = [k["medicine_id"] for k, _, _ in events]
    watcher.close()
    assert set(seen) == mine, f"lost {len(mine - set(seen))} of {len(mine)} changes across the restart"
    # At-least-once: duplicates are possible only for the batch in flight at the stop.
    assert len(seen) - len(set(seen)) < 1000
    with connect(settings, autocommit=True) as conn:
        conn.execute("DELETE FROM medicines WHERE name LIKE %s", (f"restart-{unique}-%",))


def test_unreachable_database_is_a_clear_error(stack):
    settings = stack
    config = connectors.load_config(settings)
    config["database.port"] = "1"
    with pytest.raises(ConnectorError) as error:
        connectors.validate(settings, config)
    message = str(error.value)
    assert "database.hostname" in message or "database.port" in message or "Connection" in message, message
    assert "\n" not in message.strip()


def test_broken_connector_config_is_a_clear_error(stack):
    settings = stack
    config = connectors.load_config(settings)
    config["plugin.name"] = "no_such_plugin"
    with pytest.raises(ConnectorError) as error:
        connectors.validate(settings, config)
    assert "plugin.name" in str(error.value)


def test_replication_role_is_least_privilege(stack):
    settings = stack
    with connect(settings, role="replication") as conn:
        super_, replication = conn.execute(
            "SELECT rolsuper, rolreplication FROM pg_roles WHERE rolname = current_user").fetchone()
        assert (super_, replication) == (False, True)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM visits WHERE false")


def test_connector_config_holds_no_password(stack):
    settings = stack
    import requests

    shown = requests.get(f"{settings.connect.url}/connectors/{settings.connect.connector_name}/config", timeout=5).json()
    assert shown["database.password"].startswith("${env:")
    assert settings.secret("postgres", "replication_password") not in str(shown)
