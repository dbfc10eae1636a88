"""Helpers for the Flink integration tests: wait for rows, produce readings, read topics."""

from __future__ import annotations

import json
import time

from kafka import KafkaConsumer, KafkaProducer, TopicPartition

from hospital import postgres
from hospital.settings import Settings


def wait_for(fetch, done, timeout: float, interval: float = 1.0, what: str = "condition"):
    """Call fetch() until done(result) holds; return the last result or fail naming `what`."""
    deadline = time.monotonic() + timeout
    result = fetch()
    while not done(result):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}; last: {result!r}")
        time.sleep(interval)
        result = fetch()
    return result


def analytics_rows(settings: Settings, query: str, params=()) -> list[dict]:
    with postgres.connect(settings, settings.postgres.analytics_database) as conn:
        cursor = conn.execute(query, params)
        names = [c.name for c in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]


def producer(settings: Settings) -> KafkaProducer:
    return KafkaProducer(bootstrap_servers=settings.kafka.bootstrap_servers, linger_ms=5, acks="all")


class TopicTail:
    """Every record appended to a topic after construction (from its current end)."""

    def __init__(self, settings: Settings, topic: str):
        self.consumer = KafkaConsumer(bootstrap_servers=settings.kafka.bootstrap_servers, enable_auto_commit=False,
                                      consumer_timeout_ms=500)
        partitions = wait_for(lambda: self.consumer.partitions_for_topic(topic) or self._refresh(),
                              lambda found: bool(found), 30, what=f"topic {topic}")
        self.partitions = [TopicPartition(topic, p) for p in partitions]
        self.consumer.assign(self.partitions)
        self.consumer.seek_to_end(*self.partitions)
        for tp in self.partitions:
            self.consumer.position(tp)
        self.records = []

    def _refresh(self):
        self.consumer.topics()
        return None

    def poll(self) -> list:
        for batch in self.consumer.poll(timeout_ms=500).values():
            self.records.extend(batch)
        return self.records

    def values(self, predicate=lambda value: True) -> list[dict]:
        self.poll()
        return [json.loads(r.value) for r in self.records if r.value is not None and predicate(json.loads(r.value))]

    def close(self) -> None:
        self.consumer.close()


def ensure_topic(settings: Settings, topic: str) -> None:
    """Create the topic if no one produced to it yet (the broker auto-creates on first metadata request)."""
    p = producer(settings)
    try:
        p.partitions_for(topic)
    finally:
        p.close()


def jobs_running(settings: Settings, timeout: float = 240) -> None:
    """Every registered job has all its tasks running (they may be restarting after a test)."""
    from flink_jobs import rest
    from flink_jobs.registry import JOBS

    def states():
        found = {}
        for name in JOBS:
            job = rest.active_job(settings, name)
            found[name] = bool(job) and rest.all_tasks_running(settings, job["jid"])
        return found

    wait_for(states, lambda found: all(found.values()), timeout, interval=2, what="all Flink jobs RUNNING")


def insert_visit_graph(conn, marker: str) -> dict:
    """A doctor, patient, medicine, visit, bill and prescription linked by foreign keys; returns ids."""
    ids = {}
    ids["doctor"] = conn.execute(
        "INSERT INTO doctors (name, specialization, experience_years) VALUES (%s, 'Cardiology', 7) RETURNING doctor_id",
        (f"Dr {marker}",)).fetchone()[0]
    ids["patient"] = conn.execute(
        "INSERT INTO patients (full_name, date_of_birth, gender, blood_type, contact_info, insurance_id) "
        "VALUES (%s, DATE '1961-02-28', 'Female', 'AB-', %s, %s) RETURNING patient_id",
        (f"Patient {marker}", f"+1-555-{marker}", f"INS-{marker}")).fetchone()[0]
    ids["medicine"] = conn.execute(
        "INSERT INTO medicines (name, category, manufacturer, price) VALUES (%s, 'Antibiotic', 'Acme', 2.50) "
        "RETURNING medicine_id", (f"Med {marker}",)).fetchone()[0]
    ids["visit"] = conn.execute(
        "INSERT INTO visits (patient_id, doctor_id, visit_date, diagnosis, total_cost) "
        "VALUES (%s, %s, DATE '2024-02-29', %s, 1234.56) RETURNING visit_id",
        (ids["patient"], ids["doctor"], f"Diagnosis {marker}")).fetchone()[0]
    ids["bill"] = conn.execute(
        "INSERT INTO billing_payments (patient_id, visit_id, billing_date, total_amount, payment_status) "
        "VALUES (%s, %s, DATE '2024-03-10', 1234.56, 'Pending') RETURNING billing_id",
        (ids["patient"], ids["visit"])).fetchone()[0]
    ids["prescription"] = conn.execute(
        "INSERT INTO prescriptions (patient_id, doctor_id, medicine_id, dosage, duration) "
        "VALUES (%s, %s, %s, '500 mg 3x daily', '7 days') RETURNING prescription_id",
        (ids["patient"], ids["doctor"], ids["medicine"])).fetchone()[0]
    return ids
