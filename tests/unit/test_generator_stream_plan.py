"""Stream planning: deterministic, valid, and never touching rows it cannot know. No services."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from generator import stream_plan
from generator.stream_ops import (
    CancelPrescription, CancelVisit, CorrectDiagnosis, CorrectDosage, CorrectTotalCost, NewPatient, NewVisit,
    PayBill, VoidBill,
)
from generator.stream_plan import StreamPlanner
from generator.values import Medicine
from tests.unit.test_generator_constraints import check_regex, check_values

DOCTORS = [(11, "Cardiology"), (12, "Family Medicine"), (13, "Pulmonology"), (14, "Internal Medicine")]
MEDICINES = [(101, Medicine("Antibiotic", "500", "mg")), (102, Medicine("Antihypertensive", "10", "mg")),
             (103, Medicine("Bronchodilator", "100", "mcg")), (104, Medicine("Analgesic", "2.5", "mg"))]
BUDGETS = [5, 40, 1, 400, 17, 250] * 15


def planner(seed: int = 3, **kwargs) -> StreamPlanner:
    return StreamPlanner(seed, doctors=DOCTORS, medicines=MEDICINES, patient_count=50, today=date(2026, 3, 1),
                         **kwargs)


def plan_all(p: StreamPlanner, budgets=BUDGETS) -> list:
    return [p.next_batch(budget) for budget in budgets]


def test_same_seed_same_plan():
    assert plan_all(planner(3)) == plan_all(planner(3))


def test_other_seed_or_worker_other_plan():
    assert plan_all(planner(3)) != plan_all(planner(4))
    assert plan_all(planner(3)) != plan_all(planner(3, worker=1))


def test_batches_fill_their_row_budget():
    p = planner()
    for budget in BUDGETS:
        batch = p.next_batch(budget)
        assert batch.ops
        largest = max(op.rows for op in batch.ops)
        assert batch.rows < budget + largest
        assert batch.rows >= budget or len(batch.ops) == 1000


def test_mix_has_every_kind_and_mostly_new_visits():
    kinds = Counter(op.kind for batch in plan_all(planner()) for op in batch.ops)
    assert set(kinds) == {"new_visit", "new_patient", "pay_bill", "correct_diagnosis", "correct_total_cost",
                          "correct_dosage", "cancel_prescription", "void_bill", "cancel_visit"}
    assert kinds["new_visit"] > sum(kinds.values()) * 0.4


def test_values_satisfy_the_table_checks():
    dosage, duration = check_regex("dosage"), check_regex("duration")
    statuses, genders, bloods = check_values("payment_status"), check_values("gender"), check_values("blood_type")
    devices = check_values("device_type")
    for batch in plan_all(planner()):
        for op in batch.ops:
            if isinstance(op, NewVisit):
                assert op.payment_status in statuses and op.total_cost >= 0
                assert op.doctor_id in dict(DOCTORS)
                for line in op.prescriptions:
                    assert dosage.fullmatch(line.dosage) and duration.fullmatch(line.duration)
                    assert line.medicine_id in dict(MEDICINES)
            elif isinstance(op, CorrectDosage):
                assert dosage.fullmatch(op.dosage)
            elif isinstance(op, NewPatient):
                assert op.gender in genders and op.blood_type in bloods
                assert op.device_type is None or op.device_type in devices


class InMemoryDatabase:
    """Applies ops the way the SQL does, asserting every reference is to a live row of an earlier batch."""

    def __init__(self, patients: int):
        self.patients = set(range(patients))
        self.visits: dict[int, int | None] = {}  # visit -> bill
        self.bills: dict[int, str] = {}
        self.prescriptions: set[int] = set()
        self.bill_visit: dict[int, int] = {}

    def apply(self, batch) -> None:
        created = set()
        for op in batch.ops:
            for handle in referenced(op):
                assert handle not in created, f"{op} refers to a row of its own batch"
                assert handle >= batch.forget_before, f"{op} refers to a forgotten row"
            self.run(op, created)

    def run(self, op, created: set) -> None:
        if isinstance(op, NewVisit):
            assert op.patient in self.patients
            self.visits[op.visit] = op.bill
            self.bills[op.bill] = op.payment_status
            self.bill_visit[op.bill] = op.visit
            self.prescriptions.update(line.handle for line in op.prescriptions)
            created.update({op.visit, op.bill, *(line.handle for line in op.prescriptions)})
        elif isinstance(op, NewPatient):
            self.patients.add(op.patient)
        elif isinstance(op, PayBill):
            assert self.bills[op.bill] != "Paid"
            self.bills[op.bill] = "Paid"
        elif isinstance(op, VoidBill):
            assert self.bills.pop(op.bill) != "Paid"
            visit = self.bill_visit.pop(op.bill)
            if visit in self.visits:
                self.visits[visit] = None
        elif isinstance(op, (CorrectDiagnosis, CorrectTotalCost)):
            assert op.visit in self.visits
            if isinstance(op, CorrectTotalCost):
                assert op.with_bill == (self.visits[op.visit] is not None)
        elif isinstance(op, CorrectDosage):
            assert op.prescription in self.prescriptions
        elif isinstance(op, CancelPrescription):
            self.prescriptions.remove(op.prescription)
        elif isinstance(op, CancelVisit):
            bill = self.visits.pop(op.visit)
            assert op.with_bill == (bill is not None)
            if bill is not None:
                self.bills.pop(bill)
            for handle in op.prescriptions:
                self.prescriptions.remove(handle)


def referenced(op) -> list[int]:
    if isinstance(op, (PayBill, VoidBill)):
        return [op.bill]
    if isinstance(op, (CorrectDiagnosis, CorrectTotalCost)):
        return [op.visit]
    if isinstance(op, (CorrectDosage, CancelPrescription)):
        return [op.prescription]
    if isinstance(op, CancelVisit):
        return [op.visit, *op.prescriptions]
    return []


def test_ops_only_touch_live_rows_of_earlier_batches():
    db = InMemoryDatabase(50)
    p = planner()
    for budget in BUDGETS:
        db.apply(p.next_batch(budget))
    assert db.visits and db.prescriptions


def test_old_rows_are_forgotten_and_never_touched_again(monkeypatch):
    monkeypatch.setattr(stream_plan, "HANDLE_WINDOW", 2000)
    db = InMemoryDatabase(50)
    p = planner()
    cutoffs = []
    for budget in BUDGETS * 2:
        batch = p.next_batch(budget)
        cutoffs.append(batch.forget_before)
        db.apply(batch)
    assert cutoffs == sorted(cutoffs) and cutoffs[-1] > 0
    assert all(h >= cutoffs[-1] for h in p.visits) and all(h >= cutoffs[-1] for h in p.prescriptions)


def test_needs_reference_data():
    with pytest.raises(ValueError):
        StreamPlanner(1, doctors=[], medicines=MEDICINES, patient_count=5, today=date(2026, 3, 1))


def test_new_patient_devices_rotate_key_ids():
    p = planner(key_ids=["b", "a"])
    keyed = [op.key_id for batch in plan_all(p) for op in batch.ops
             if isinstance(op, NewPatient) and op.device_type]
    assert set(keyed) == {"a", "b"}
