"""Seed planning: deterministic, realistic and valid against the table constraints. No services."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

import pytest

from generator.seed_plan import build_seed_plan
from tests.unit.test_generator_constraints import check_regex, check_values

TODAY = date(2026, 3, 1)


@pytest.fixture(scope="module")
def plan():
    return build_seed_plan(0.5, 7, TODAY)


def test_same_seed_same_plan(plan):
    assert build_seed_plan(0.5, 7, TODAY) == plan


def test_other_seed_other_plan(plan):
    other = build_seed_plan(0.5, 8, TODAY)
    assert other.patients != plan.patients
    assert other.visits != plan.visits


def test_sizes_follow_scale():
    counts = build_seed_plan(1, 1, TODAY).counts()
    assert counts["doctors"] == 50 and counts["patients"] == 1000 and counts["medicines"] == 200
    assert 2000 <= counts["visits"] <= 4000  # "a few thousand"
    assert counts["bills"] == counts["visits"]
    assert counts["devices"] >= counts["patients"]
    assert build_seed_plan(2, 1, TODAY).counts()["patients"] == 2000


def test_patients_are_valid(plan):
    genders, blood_types = check_values("gender"), check_values("blood_type")
    for name, born, gender, blood, contact, insurance in plan.patients:
        assert name.strip() and " " in name
        assert date(1900, 1, 2) <= born <= TODAY
        assert gender in genders
        assert blood in blood_types
        assert "@" in contact
        assert insurance is None or "-" in insurance


def test_blood_types_have_realistic_frequencies():
    counts = Counter(row[3] for row in build_seed_plan(3, 3, TODAY).patients)
    assert set(counts) == check_values("blood_type")  # every type, with its Rh factor
    assert counts.most_common(2)[0][0] in ("O+", "A+")
    assert counts["O+"] > counts["B+"] > counts["AB+"] > counts["AB-"]
    assert counts["O+"] + counts["A+"] > 0.6 * sum(counts.values())


def test_doctors_and_medicines_are_valid(plan):
    for name, specialization, years, contact in plan.doctors:
        assert name.startswith("Dr. ") and specialization
        assert 0 <= years <= 70
    assert len({row[1] for row in plan.doctors}) > 5
    for name, category, manufacturer, price in plan.medicines:
        assert name and category and manufacturer
        assert isinstance(price, Decimal) and price >= 0 and price.as_tuple().exponent == -2


def test_prescriptions_match_the_dosage_and_duration_checks(plan):
    dosage, duration = check_regex("dosage"), check_regex("duration")
    assert plan.prescriptions
    for _, _, _, dose, days in plan.prescriptions:
        assert dosage.fullmatch(dose), dose
        assert duration.fullmatch(days), days


def test_references_point_inside_the_plan(plan):
    for patient, doctor, day, diagnosis, cost in plan.visits:
        assert 0 <= patient < len(plan.patients) and 0 <= doctor < len(plan.doctors)
        assert day <= TODAY and diagnosis and cost >= 0
    for patient, doctor, medicine, _, _ in plan.prescriptions:
        assert patient < len(plan.patients) and doctor < len(plan.doctors) and medicine < len(plan.medicines)
    statuses = check_values("payment_status")
    for visit, day, amount, status in plan.bills:
        assert plan.visits[visit][2] <= day <= TODAY
        assert amount == plan.visits[visit][4]
        assert status in statuses
    assert {row[3] for row in plan.bills} == statuses


def test_devices_are_valid_and_unique(plan):
    assert {row[1] for row in plan.devices} <= check_values("device_type")
    serials = [row[2] for row in plan.devices]
    assert len(set(serials)) == len(serials)
    assert all(row[3] is None for row in plan.devices)


def test_key_ids_rotate_without_changing_anything_else(plan):
    keyed = build_seed_plan(0.5, 7, TODAY, key_ids=["k2", "k1"])
    assert {row[3] for row in keyed.devices} == {"k1", "k2"}
    assert [row[:3] for row in keyed.devices] == [row[:3] for row in plan.devices]
    assert keyed.visits == plan.visits
