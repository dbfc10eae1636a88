"""cdc_enrich's SQL on in-memory Debezium records: deduplication by version, late dimensions,
updates, deletes, derived columns and dead letters (Python references from transforms)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from flink_jobs.cdc_enrich import job
from flink_jobs.cdc_enrich.transforms import LSN_SPAN, estimated_cost, visit_age_band
from flink_jobs.secrets import SecretSource
from hospital.privacy import pseudonym
from hospital.settings import Settings
from tests.unit.flink_local import final_state, local_env, swapped_tables, all_rows

KEY_ENV = "HOSPITAL_TEST_PSEUDONYM_KEY"
KEY = "unit-test-key"


def change(table, image, lsn, op="c"):
    body = {"before": image if op == "d" else None, "after": None if op == "d" else image, "op": op,
            "source": {"table": table, "lsn": lsn, "sequence": json.dumps([str(lsn - 1), str(lsn)])}}
    return (f"hospital.public.{table}", json.dumps(body), 0)


def version(lsn):
    return Decimal((lsn - 1) * LSN_SPAN + lsn)


DOCTOR_3 = {"doctor_id": 3, "name": "Dr A", "specialization": "Cardiology", "experience_years": 4}
PATIENT_7 = {"patient_id": 7, "full_name": "never read", "date_of_birth": "1980-05-02Z", "gender": "Female"}
VISIT_5 = {"visit_id": 5, "patient_id": 7, "doctor_id": 3, "visit_date": "2024-05-01Z", "diagnosis": "Flu",
           "total_cost": "12.34"}
VISIT_6 = {"visit_id": 6, "patient_id": 8, "doctor_id": 9, "visit_date": "2024-06-01Z", "diagnosis": "Cold",
           "total_cost": "50.00"}
RECORDS = [
    change("doctors", DOCTOR_3, 100),
    change("patients", PATIENT_7, 110),
    change("medicines", {"medicine_id": 4, "name": "Amox", "category": "Antibiotic", "price": "1.25"}, 120),
    change("visits", VISIT_5, 200),
    change("visits", VISIT_6, 210),  # its patient and doctor arrive later
    change("prescriptions", {"prescription_id": 1, "patient_id": 7, "doctor_id": 3, "medicine_id": 4,
                             "dosage": "1 tab 2x daily", "duration": "3 days"}, 220),
    change("billing_payments", {"billing_id": 1, "patient_id": 7, "visit_id": 5, "billing_date": "2024-05-11Z",
                                "total_amount": "12.34", "payment_status": "Paid"}, 230),
    change("patients", {"patient_id": 8, "date_of_birth": "2010-01-01Z", "gender": "Male"}, 300),
    change("doctors", {"doctor_id": 9, "name": "Dr B", "specialization": "Pediatrics"}, 310),
    change("visits", {**VISIT_5, "total_cost": "20.00"}, 400),
    change("visits", VISIT_6, 500, op="d"),
    change("visits", VISIT_5, 200),  # a replayed old version changes nothing
    ("hospital.public.visits", "{not json", 0),
    change("patients", {"patient_id": 10, "date_of_birth": "1990-01-01Z", "gender": "?"}, 600),
    ("hospital.public.visits", None, 0),  # tombstone
]


@pytest.fixture(scope="module")
def env():
    import os

    os.environ[KEY_ENV] = KEY
    t_env = local_env()
    tables = swapped_tables(job.production_tables(Settings(postgres={"password": "x"})), "cdc_raw", RECORDS, job.SINKS)
    job.build(t_env, tables, SecretSource(KEY_ENV), 300)
    return t_env


def test_enriched_visits(env):
    visits = final_state(env, "enriched_visits", ("visit_id",))
    assert set(visits) == {(5,), (6,)}
    v5 = visits[(5,)]
    assert v5["total_cost"] == Decimal("20.00") and v5["version"] == version(400) and v5["deleted"] is False
    assert v5["patient_key"] == pseudonym(7, KEY)
    assert (v5["doctor_name"], v5["specialization"], v5["gender"]) == ("Dr A", "Cardiology", "Female")
    assert v5["age_band"] == visit_age_band(date(1980, 5, 2), date(2024, 5, 1)) == "41-65"
    v6 = visits[(6,)]
    # Enriched by the late patient and doctor, then deleted: a row with deleted = TRUE, not a removal.
    assert (v6["doctor_name"], v6["gender"], v6["age_band"]) == ("Dr B", "Male", "0-17")
    assert v6["deleted"] is True and v6["version"] == version(500)


def test_enriched_prescriptions_and_billing(env):
    prescription = final_state(env, "enriched_prescriptions", ("prescription_id",))[(1,)]
    assert prescription["medicine_name"] == "Amox" and prescription["unit_price"] == Decimal("1.25")
    assert (prescription["daily_count"], prescription["duration_days"]) == (2, 3)
    assert prescription["estimated_cost"] == estimated_cost(Decimal("1.25"), "1 tab 2x daily", "3 days")
    bill = final_state(env, "enriched_billing", ("billing_id",))[(1,)]
    assert bill["visit_date"] == date(2024, 5, 1) and bill["days_to_bill"] == 10 and bill["paid"] is True
    assert bill["version"] == version(400), "the visit's update is the newest joined change"


def test_dead_letters_keep_reason_text_and_position(env):
    # Every parent arrives (late ones well within the 300 s grace): no unknown_fk letters.
    letters = all_rows(env, "cdc_dead_letters", "reason, source_topic, source_offset, payload")
    by_reason = {row["reason"]: row for row in letters}
    assert set(by_reason) == {"not_json", "not_accepted:patients.gender"}
    assert by_reason["not_json"]["payload"] == "{not json"
    assert by_reason["not_json"]["source_topic"] == "hospital.public.visits"
    assert by_reason["not_json"]["source_offset"] == RECORDS.index(("hospital.public.visits", "{not json", 0))


def test_parent_still_unknown_after_the_grace_period_is_a_dead_letter(monkeypatch):
    monkeypatch.setenv(KEY_ENV, KEY)
    records = [
        change("doctors", DOCTOR_3, 100),
        change("visits", {**VISIT_5, "patient_id": 77}, 200),  # patient 77 never arrives
        change("prescriptions", {"prescription_id": 2, "patient_id": 7, "doctor_id": 3, "medicine_id": 40,
                                 "dosage": "1 tab 1x daily", "duration": "2 days"}, 210),
        change("medicines", {"medicine_id": 40, "name": "Late", "category": "X", "price": "1.00"}, 220),
    ]
    t_env = local_env()
    tables = swapped_tables(job.production_tables(Settings(postgres={"password": "x"})), "cdc_raw", records,
                            job.SINKS, keep_open_seconds=15)
    job.build(t_env, tables, SecretSource(KEY_ENV), 3)
    letters = all_rows(t_env, "cdc_dead_letters", "reason, source_offset")
    assert letters == [{"reason": "unknown_fk:visits.patient_id", "source_offset": 1}]
