"""What `hospital stream` does next: a pure, seeded planner of OLTP transactions.

Given the same seed, reference data and sequence of budgets, it plans exactly the same
ops. It never looks at the database: ops in a batch only refer to rows created in
earlier batches, whose ids the executor has learned by then.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from faker import Faker

from generator import catalog, values
from generator.seed_plan import group_indexes, pick_doctor, prescription_count
from generator.stream_ops import (
    Batch, CancelPrescription, CancelVisit, CorrectDiagnosis, CorrectDosage, CorrectTotalCost, NewPatient, NewVisit,
    PayBill, PrescriptionLine, VoidBill,
)

# Share of transactions per kind: mostly new visits and payments, a trickle of fixes and deletes.
OP_MIX = {
    "new_visit": 55, "pay_bill": 20, "new_patient": 3,
    "correct_diagnosis": 4, "correct_total_cost": 3, "correct_dosage": 4,
    "cancel_prescription": 4, "void_bill": 2, "cancel_visit": 1.5,
}
# Only rows this recent (in handles) are updated or deleted; older ones are forgotten,
# which bounds memory on long runs.
HANDLE_WINDOW = 200_000
NEW_PATIENT_DEVICE_SHARE = 0.6


class HandlePool:
    """Handles with O(1) add, remove and seeded random choice."""

    def __init__(self):
        self.items: list[int] = []
        self.index: dict[int, int] = {}

    def __len__(self) -> int:
        return len(self.items)

    def __contains__(self, handle: int) -> bool:
        return handle in self.index

    def add(self, handle: int) -> None:
        self.index[handle] = len(self.items)
        self.items.append(handle)

    def remove(self, handle: int) -> None:
        position = self.index.pop(handle, None)
        if position is None:
            return
        last = self.items.pop()
        if last != handle:
            self.items[position] = last
            self.index[last] = position

    def choice(self, rng: random.Random) -> int:
        return self.items[int(rng.random() * len(self.items))]

    def drop_below(self, cutoff: int) -> None:
        for handle in [h for h in self.items if h < cutoff]:
            self.remove(handle)


@dataclass
class VisitState:
    patient: int
    diagnosis: str
    bill: int | None
    prescriptions: list[int] = field(default_factory=list)


@dataclass
class PrescriptionState:
    visit: int
    medicine: values.Medicine


class StreamPlanner:
    def __init__(self, seed: int, *, doctors: list[tuple[int, str]], medicines: list[tuple[int, values.Medicine]],
                 patient_count: int, today: date, key_ids: list[str] | None = None, worker: int = 0):
        if not doctors or not medicines or patient_count < 1:
            raise ValueError("the stream needs at least one doctor, one medicine and one patient")
        # Parallel workers plan from their own streams, so each one's plan is reproducible.
        self.worker = worker
        self.rng = random.Random(f"{seed}:stream:{worker}")
        self.fake = Faker("en_US")
        self.fake.seed_instance(f"{seed}:stream:{worker}")
        self.today = today
        self.key_ids = sorted(key_ids or [])
        self.doctor_ids = [doctor_id for doctor_id, _ in doctors]
        self.doctors_by_spec = group_indexes(spec for _, spec in doctors)
        self.medicines = medicines
        self.medicines_by_category = group_indexes(m.category for _, m in medicines)
        self.op_kind = values.WeightedChoice(OP_MIX)
        self.patients = list(range(patient_count))
        self.next_patient = patient_count
        self.next_handle = 0
        self.visits: dict[int, VisitState] = {}
        self.prescriptions: dict[int, PrescriptionState] = {}
        self.visit_pool = HandlePool()
        self.open_bills = HandlePool()  # Pending or Unpaid bills
        self.prescription_pool = HandlePool()
        self.bill_visit: dict[int, int] = {}
        self.unsettled: list = []  # created in the batch being planned: not referable yet
        self.new_devices = 0
        self.forgotten_below = 0  # entity handles below this are gone from every pool

    # -- batches ---------------------------------------------------------------------------------

    def next_batch(self, row_budget: int, max_ops: int = 1000) -> Batch:
        """Plan ops until their row changes reach row_budget (at least one op)."""
        self.settle()
        ops, rows = [], 0
        while not ops or (rows < row_budget and len(ops) < max_ops):
            op = self.plan_op()
            ops.append(op)
            rows += op.rows
        return Batch(ops, self.forgotten_below)

    def settle(self) -> None:
        """Rows created by the previous batch exist now: they may be updated and deleted."""
        for op in self.unsettled:
            if isinstance(op, NewPatient):
                self.patients.append(op.patient)
                continue
            self.visit_pool.add(op.visit)
            if op.payment_status != "Paid":
                self.open_bills.add(op.bill)
            for line in op.prescriptions:
                self.prescription_pool.add(line.handle)
        self.unsettled = []
        # Sweeping is O(pool), so do it once per quarter window, not per batch.
        if self.next_handle - self.forgotten_below >= HANDLE_WINDOW + HANDLE_WINDOW // 4:
            self.forget_old(self.next_handle - HANDLE_WINDOW)

    def forget_old(self, cutoff: int) -> None:
        self.forgotten_below = cutoff
        for pool in (self.visit_pool, self.open_bills, self.prescription_pool):
            pool.drop_below(cutoff)
        self.visits = {h: v for h, v in self.visits.items() if h >= cutoff}
        self.prescriptions = {h: p for h, p in self.prescriptions.items() if h >= cutoff}
        self.bill_visit = {h: v for h, v in self.bill_visit.items() if h >= cutoff}

    def handle(self) -> int:
        self.next_handle += 1
        return self.next_handle - 1

    # -- choosing an op --------------------------------------------------------------------------

    def plan_op(self):
        kind = self.op_kind(self.rng)
        planner = getattr(self, f"plan_{kind}")
        op = planner()
        return op if op is not None else self.plan_new_visit()

    def plan_new_visit(self) -> NewVisit:
        rng = self.rng
        dx = values.diagnosis(rng)
        doctor = self.doctor_ids[pick_doctor(rng, self.doctors_by_spec, catalog.DIAGNOSES[dx][0],
                                             len(self.doctor_ids))]
        cost = values.visit_cost(rng, dx)
        visit, bill = self.handle(), self.handle()
        lines = []
        for _ in range(prescription_count(rng)):
            medicine_id, medicine = self.pick_medicine(dx)
            handle = self.handle()
            lines.append(PrescriptionLine(handle, medicine_id, values.dosage(rng, medicine), values.duration(rng)))
            self.prescriptions[handle] = PrescriptionState(visit, medicine)
        # Most bills start Pending (sent to the insurer); some are paid at the desk.
        status = rng.choices(catalog.PAYMENT_STATUSES, cum_weights=(25, 30, 100))[0]
        patient = self.patients[int(rng.random() * len(self.patients))]
        op = NewVisit(visit, bill, patient, doctor, dx, cost, status, tuple(lines))
        self.visits[visit] = VisitState(patient, dx, bill, [line.handle for line in lines])
        self.bill_visit[bill] = visit
        self.unsettled.append(op)
        return op

    def pick_medicine(self, dx: str) -> tuple[int, values.Medicine]:
        pool = self.medicines_by_category.get(self.rng.choice(catalog.DIAGNOSES[dx][3]))
        index = self.rng.choice(pool) if pool else self.rng.randrange(len(self.medicines))
        return self.medicines[index]

    def plan_new_patient(self) -> NewPatient:
        row = values.patient_row(self.rng, self.fake, self.today)
        device_type = values.device_type(self.rng) if self.rng.random() < NEW_PATIENT_DEVICE_SHARE else None
        key_id = None
        if device_type and self.key_ids:
            key_id = self.key_ids[self.new_devices % len(self.key_ids)]
        self.new_devices += device_type is not None
        op = NewPatient(self.next_patient, *row, device_type=device_type, key_id=key_id)
        self.next_patient += 1
        self.unsettled.append(op)
        return op

    def plan_pay_bill(self) -> PayBill | None:
        if not self.open_bills:
            return None
        bill = self.open_bills.choice(self.rng)
        self.open_bills.remove(bill)
        return PayBill(bill)

    def plan_correct_diagnosis(self) -> CorrectDiagnosis | None:
        visit = self.pick_visit()
        if visit is None:
            return None
        state = self.visits[visit]
        dx = values.diagnosis(self.rng)
        if dx == state.diagnosis:
            dx = values.diagnosis(self.rng)
        if dx == state.diagnosis:
            return None
        state.diagnosis = dx
        return CorrectDiagnosis(visit, dx)

    def plan_correct_total_cost(self) -> CorrectTotalCost | None:
        visit = self.pick_visit()
        if visit is None:
            return None
        state = self.visits[visit]
        return CorrectTotalCost(visit, values.visit_cost(self.rng, state.diagnosis), state.bill is not None)

    def plan_correct_dosage(self) -> CorrectDosage | None:
        handle = self.pick_prescription()
        if handle is None:
            return None
        return CorrectDosage(handle, values.dosage(self.rng, self.prescriptions[handle].medicine))

    def plan_cancel_prescription(self) -> CancelPrescription | None:
        handle = self.pick_prescription()
        if handle is None:
            return None
        self.drop_prescription(handle)
        return CancelPrescription(handle)

    def plan_void_bill(self) -> VoidBill | None:
        if not self.open_bills:
            return None
        bill = self.open_bills.choice(self.rng)
        self.open_bills.remove(bill)
        visit = self.bill_visit.pop(bill, None)
        if visit in self.visits:
            self.visits[visit].bill = None
        return VoidBill(bill)

    def plan_cancel_visit(self) -> CancelVisit | None:
        visit = self.pick_visit()
        if visit is None:
            return None
        state = self.visits.pop(visit)
        self.visit_pool.remove(visit)
        for handle in state.prescriptions:
            self.prescription_pool.remove(handle)
            self.prescriptions.pop(handle, None)
        if state.bill is not None:
            self.open_bills.remove(state.bill)
            self.bill_visit.pop(state.bill, None)
        return CancelVisit(visit, tuple(state.prescriptions), state.bill is not None)

    # -- picking existing rows -------------------------------------------------------------------

    def pick_visit(self) -> int | None:
        while self.visit_pool:
            visit = self.visit_pool.choice(self.rng)
            if visit in self.visits:
                return visit
            self.visit_pool.remove(visit)  # forgotten since it was pooled
        return None

    def pick_prescription(self) -> int | None:
        while self.prescription_pool:
            handle = self.prescription_pool.choice(self.rng)
            if handle in self.prescriptions:
                return handle
            self.prescription_pool.remove(handle)
        return None

    def drop_prescription(self, handle: int) -> None:
        self.prescription_pool.remove(handle)
        state = self.prescriptions.pop(handle)
        visit = self.visits.get(state.visit)
        if visit is not None and handle in visit.prescriptions:
            visit.prescriptions.remove(handle)
