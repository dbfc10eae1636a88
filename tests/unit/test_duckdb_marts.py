"""Marts semantics on small hand-made data: categories at their boundaries, no join fan-out."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from consumers.duckdb import contracts
from consumers.duckdb.errors import ContractViolation
from consumers.duckdb.warehouse import Warehouse
from hospital.privacy import age_band
from tests.unit.duckdb_samples import bill, doctor, patient, prescription, visit

TODAY = date(2026, 6, 15)


@pytest.fixture
def warehouse():
    w = Warehouse.open(None)
    yield w
    w.close()


def born_aged(age: int) -> date:
    return date(TODAY.year - age, 1, 1)  # birthday already passed this year


@pytest.mark.parametrize("years,level", [(0, "Junior"), (4, "Junior"), (5, "Experienced"), (15, "Experienced"),
                                         (16, "Senior"), (40, "Senior")])
def test_experience_level_boundaries(warehouse, years, level):
    warehouse.apply([doctor(1, experience=years)])
    assert warehouse.con.execute("SELECT experience_level FROM doctor_performance").fetchone()[0] == level


@pytest.mark.parametrize("cost,category", [("0.00", "Low"), ("200.00", "Low"), ("200.01", "Medium"),
                                           ("500.00", "Medium"), ("500.01", "High")])
def test_cost_category_boundaries(warehouse, cost, category):
    warehouse.apply([visit(1, 1, 1, cost)])
    assert warehouse.con.execute("SELECT cost_category FROM fct_visits").fetchone()[0] == category


@pytest.mark.parametrize("age,group", [(0, "Child"), (17, "Child"), (18, "Adult"), (40, "Adult"),
                                       (41, "Middle-aged"), (65, "Middle-aged"), (66, "Senior"), (90, "Senior")])
def test_age_group_boundaries_through_the_age_band(warehouse, age, group):
    # The warehouse sees the band cut before loading (hospital.privacy.age_band), never the birth date.
    warehouse.apply([patient(1, band=age_band(born_aged(age), TODAY))])
    assert warehouse.con.execute("SELECT age_group FROM dim_patients").fetchone()[0] == group


def fan_out_data(warehouse):
    """Patient 1: 2 visits (100 + 300) and 3 bills (50 + 50 paid, 300 pending); 2 prescriptions by doctor 1."""
    warehouse.apply([
        doctor(1, experience=10), doctor(2, experience=2), patient(1, "41-65"), patient(2, "0-17"),
        visit(11, 1, 1, "100.00", date(2026, 1, 10)), visit(12, 1, 2, "300.00", date(2026, 2, 3)),
        bill(21, 1, 11, "50.00"), bill(22, 1, 11, "50.00"), bill(23, 1, 12, "300.00", "Pending"),
        prescription(31, 1, 1), prescription(32, 1, 1),
    ])


def test_patient_spending_does_not_fan_out(warehouse):
    fan_out_data(warehouse)
    row = warehouse.con.execute(
        "SELECT total_visits, total_visit_cost, total_bills, total_billed, total_paid, total_outstanding, "
        "total_prescriptions, age_group FROM patient_spending_analysis WHERE patient_id = 1").fetchone()
    assert row == (2, Decimal("400.00"), 3, Decimal("400.00"), Decimal("100.00"), Decimal("300.00"), 2, "Middle-aged")
    empty = warehouse.con.execute(
        "SELECT total_visits, total_bills, total_billed FROM patient_spending_analysis WHERE patient_id = 2").fetchone()
    assert empty == (0, 0, Decimal("0.00"))


def test_doctor_performance_does_not_fan_out(warehouse):
    fan_out_data(warehouse)
    rows = warehouse.con.execute(
        "SELECT doctor_id, total_visits, unique_patients, total_revenue, total_prescriptions, experience_level "
        "FROM doctor_performance ORDER BY doctor_id").fetchall()
    assert rows == [(1, 1, 1, Decimal("100.00"), 2, "Experienced"), (2, 1, 1, Decimal("300.00"), 0, "Junior")]


def test_patient_journey_one_row_per_visit_in_order(warehouse):
    fan_out_data(warehouse)
    rows = warehouse.con.execute(
        "SELECT visit_id, visit_number, days_since_previous_visit, bills, billed_amount, paid_amount, cost_category "
        "FROM patient_journey ORDER BY visit_id").fetchall()
    assert rows == [(11, 1, None, 2, Decimal("100.00"), Decimal("100.00"), "Low"),
                    (12, 2, 24, 1, Decimal("300.00"), Decimal("0.00"), "Medium")]


def test_monthly_visit_stats(warehouse):
    fan_out_data(warehouse)
    warehouse.apply([visit(13, 2, 1, "600.00", date(2026, 1, 31))])
    rows = warehouse.con.execute(
        "SELECT visit_month, total_visits, unique_patients, total_revenue, high_cost_visits, low_cost_visits "
        "FROM monthly_visit_stats ORDER BY visit_month").fetchall()
    assert rows == [(date(2026, 1, 1), 2, 2, Decimal("700.00"), 1, 1), (date(2026, 2, 1), 1, 1, Decimal("300.00"), 0, 0)]


def test_deleted_rows_leave_the_marts(warehouse):
    fan_out_data(warehouse)
    warehouse.apply([visit(12, 1, 2, "300.00", date(2026, 2, 3), commit=2, deleted=True)])
    assert warehouse.con.execute(
        "SELECT total_visits, total_visit_cost FROM patient_spending_analysis WHERE patient_id = 1").fetchone() == (
        1, Decimal("100.00"))


def test_contracts_hold_on_hand_made_data(warehouse):
    fan_out_data(warehouse)
    assert contracts.violations(warehouse.con) == []


def test_contracts_catch_a_broken_rule(warehouse):
    fan_out_data(warehouse)
    warehouse.apply([bill(24, 1, 12, "1.00", "Refunded")])
    warehouse.apply([patient(3, band=None)])
    broken = contracts.violations(warehouse.con)
    assert any("billing_payments.payment_status" in line for line in broken)
    assert any("dim_patients.age_group: NULL" in line for line in broken)
    with pytest.raises(ContractViolation):
        contracts.check(warehouse.con)


def test_every_mart_file_has_a_contract_and_every_contract_an_object():
    from consumers.duckdb.sql_files import SQL_DIR
    from consumers.duckdb.warehouse import mart_order

    files = {p.stem for p in (SQL_DIR / "marts").glob("*.sql")}
    assert files == set(mart_order())
    assert files <= set(contracts.load_contracts())
