"""cdc_enrich's pure parsing and contracts (transforms.parse_change), boundary values included."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from flink_jobs.cdc_enrich import errors
from flink_jobs.cdc_enrich.transforms import (
    CONTRACTS, LSN_SPAN, OUTPUT_COLUMNS, daily_count, duration_days, estimated_cost, parse_change, version_of,
    visit_age_band,
)
from hospital.privacy import pseudonym

KEY = "test-key"


def event(table: str, image: dict, op: str = "c", lsn: int = 500, commit: str | None = "400") -> str:
    sequence = json.dumps([commit, str(lsn)])
    body = {"before": image if op == "d" else None, "after": None if op == "d" else image,
            "source": {"table": table, "lsn": lsn, "sequence": sequence}, "op": op}
    return json.dumps(body)


VISIT = {"visit_id": 5, "patient_id": 7, "doctor_id": 3, "visit_date": "2024-05-01Z", "diagnosis": "Flu",
         "total_cost": "12.34", "created_at": "2026-11-22T21:48:43.072091Z"}


def test_valid_visit_is_typed_versioned_and_pseudonymised():
    row = parse_change("visits", event("visits", VISIT), KEY)
    assert row["error"] is None
    assert (row["visit_id"], row["patient_id"], row["doctor_id"]) == (5, 7, 3)
    assert row["visit_date"] == date(2024, 5, 1)
    assert row["total_cost"] == Decimal("12.34")
    assert row["version"] == Decimal(400 * LSN_SPAN + 500)
    assert row["deleted"] is False
    assert row["patient_key"] == pseudonym(7, KEY)
    assert set(row) == set(OUTPUT_COLUMNS)


def test_delete_uses_before_image_and_sets_deleted():
    row = parse_change("visits", event("visits", VISIT, op="d"), KEY)
    assert row["error"] is None and row["deleted"] is True and row["visit_id"] == 5


def test_tombstone_produces_nothing():
    assert parse_change("visits", None, KEY) is None


@pytest.mark.parametrize("source,expected", [
    ({"lsn": 10, "sequence": '["7", "10"]'}, 7 * LSN_SPAN + 10),
    ({"lsn": 10, "sequence": '[null, "10"]'}, 10),  # the first transaction has no last commit
    ({"lsn": "10"}, 10),
])
def test_version_orders_by_commit_then_lsn(source, expected):
    assert version_of(source) == expected


def test_later_commit_beats_higher_event_lsn():
    early = version_of({"lsn": 9_000, "sequence": '["100", "9000"]'})
    late = version_of({"lsn": 150, "sequence": '["120", "150"]'})
    assert late > early


@pytest.mark.parametrize("text,reason", [
    ("{not json", "not_json"),
    ("[1, 2]", "not_json"),
    (json.dumps({"op": "x", "after": VISIT, "source": {"lsn": 1}}), "unknown_op"),
    (json.dumps({"op": "c", "after": None, "source": {"lsn": 1}}), "no_row_image"),
    (json.dumps({"op": "c", "after": VISIT, "source": {}}), "no_source_position"),
    (event("visits", {**VISIT, "total_cost": "-0.01"}), "missing_or_invalid:visits.total_cost"),
    (event("visits", {**VISIT, "total_cost": "100000000.00"}), "missing_or_invalid:visits.total_cost"),
    (event("visits", {**VISIT, "total_cost": "abc"}), "missing_or_invalid:visits.total_cost"),
    (event("visits", {**VISIT, "visit_date": "2024-13-01"}), "missing_or_invalid:visits.visit_date"),
    (event("visits", {**VISIT, "patient_id": None}), "missing_or_invalid:visits.patient_id"),
    (event("visits", {**VISIT, "patient_id": 1.5}), "missing_or_invalid:visits.patient_id"),
    (event("visits", {**VISIT, "diagnosis": "  "}), "missing_or_invalid:visits.diagnosis"),
])
def test_violations_name_the_first_broken_contract(text, reason):
    row = parse_change("visits", text, KEY)
    assert row["error"] == reason
    assert row["visit_id"] is None and row["version"] is None
    assert errors.reason_kind(reason) in errors.REASON_KINDS


def test_money_boundaries_are_accepted():
    for cost in ("0", "0.00", "99999999.99"):
        assert parse_change("visits", event("visits", {**VISIT, "total_cost": cost}), KEY)["error"] is None


@pytest.mark.parametrize("status,ok", [("Paid", True), ("Unpaid", True), ("Pending", True), ("paid", False), ("", False)])
def test_payment_status_accepted_values(status, ok):
    bill = {"billing_id": 1, "patient_id": 2, "visit_id": 3, "billing_date": "2024-05-02Z", "total_amount": "10.00",
            "payment_status": status}
    row = parse_change("billing_payments", event("billing_payments", bill), KEY)
    assert (row["error"] is None) == ok


@pytest.mark.parametrize("dosage,duration,ok", [
    ("500 mg 3x daily", "7 days", True),
    ("0.5 ml 1x daily", "1 day", True),
    ("500mg 3x daily", "7 days", False),
    ("500 mg thrice daily", "7 days", False),
    ("500 mg 3x daily", "a week", False),
])
def test_prescription_formats(dosage, duration, ok):
    image = {"prescription_id": 1, "patient_id": 2, "doctor_id": 3, "medicine_id": 4, "dosage": dosage,
             "duration": duration}
    row = parse_change("prescriptions", event("prescriptions", image), KEY)
    assert (row["error"] is None) == ok, row["error"]


def test_gender_accepted_values_and_unknown_table():
    patient = {"patient_id": 1, "date_of_birth": "1980-01-01Z", "gender": "Unknown", "full_name": "x"}
    assert parse_change("patients", event("patients", patient), KEY)["error"] == "not_accepted:patients.gender"
    assert parse_change("nurses", event("nurses", {}), KEY)["error"] == "unknown_table:nurses"
    assert errors.reason_kind("unknown_table:nurses") in errors.REASON_KINDS


def test_every_contract_has_its_key_required():
    for contract in CONTRACTS.values():
        assert contract.key in contract.required


def test_dosage_and_cost_references():
    assert daily_count("500 mg 3x daily") == 3 and duration_days("10 days") == 10 and duration_days("1 day") == 1
    assert estimated_cost(Decimal("1.25"), "1 tab 2x daily", "3 days") == Decimal("7.50")
    assert estimated_cost(None, "1 tab 2x daily", "3 days") is None


@pytest.mark.parametrize("born,on,band", [
    (date(2006, 5, 2), date(2024, 5, 1), "0-17"),
    (date(2006, 5, 1), date(2024, 5, 1), "18-40"),
    (date(1983, 5, 1), date(2024, 5, 1), "41-65"),
    (date(1958, 5, 2), date(2024, 5, 1), "41-65"),
    (date(1958, 5, 1), date(2024, 5, 1), "66+"),
    (date(2000, 2, 29), date(2018, 2, 28), "0-17"),
])
def test_age_band_on_visit_date(born, on, band):
    assert visit_age_band(born, on) == band
