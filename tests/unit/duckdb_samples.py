"""Hand-made changes for the DuckDB warehouse unit tests."""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal

from consumers.core.changes import Change
from consumers.core.tables import TABLES

SPAN = 2**64
AT = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)


def version(commit: int, lsn: int = 0) -> int:
    return commit * SPAN + lsn


def row(table: str, **values) -> dict:
    full = {column: None for column in TABLES[table].columns}
    full.update(values)
    return full


def change(table: str, commit: int, deleted: bool = False, **values) -> Change:
    r = row(table, **values)
    return Change(table, r[TABLES[table].key], r, version(commit, 1), deleted, 1_767_000_000_000 + commit)


def doctor(doctor_id: int, commit: int = 1, experience: int = 10, deleted: bool = False, **extra) -> Change:
    return change("doctors", commit, deleted, doctor_id=doctor_id, name=f"Dr {doctor_id}", specialization="Cardiology",
                  experience_years=experience, created_at=AT, **extra)


def patient(patient_id: int, band: str = "18-40", commit: int = 1, deleted: bool = False) -> Change:
    return change("patients", commit, deleted, patient_id=patient_id, full_name="f" * 64, age_band=band,
                  gender="Female", blood_type="O+", contact_info="c" * 64, insurance_id="i" * 64)


def visit(visit_id: int, patient_id: int, doctor_id: int, cost: str, when: date = date(2026, 1, 15),
          commit: int = 1, deleted: bool = False) -> Change:
    return change("visits", commit, deleted, visit_id=visit_id, patient_id=patient_id, doctor_id=doctor_id,
                  visit_date=when, diagnosis="Flu", total_cost=Decimal(cost))


def bill(billing_id: int, patient_id: int, visit_id: int, amount: str, status: str = "Paid", commit: int = 1) -> Change:
    return change("billing_payments", commit, billing_id=billing_id, patient_id=patient_id, visit_id=visit_id,
                  billing_date=date(2026, 1, 16), total_amount=Decimal(amount), payment_status=status)


def prescription(prescription_id: int, patient_id: int, doctor_id: int, commit: int = 1) -> Change:
    return change("prescriptions", commit, prescription_id=prescription_id, patient_id=patient_id,
                  doctor_id=doctor_id, medicine_id=1, dosage="500 mg 2x daily", duration="7 days")
