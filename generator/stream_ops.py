"""The logical transactions `hospital stream` performs, as plain data.

Rows the stream creates are named by handles (ints the planner hands out); the
executor maps handles to the ids the database returned. Patients have their own
handle space: 0..n-1 are the patients that existed when the stream started.
Each op is one database transaction; `rows` is how many row changes it should make.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class PrescriptionLine:
    handle: int
    medicine_id: int
    dosage: str
    duration: str


@dataclass(frozen=True)
class NewVisit:
    """A visit with its prescriptions and its bill, in one transaction."""

    visit: int
    bill: int
    patient: int
    doctor_id: int
    diagnosis: str
    total_cost: Decimal
    payment_status: str
    prescriptions: tuple[PrescriptionLine, ...]
    kind = "new_visit"
    change = "insert"

    @property
    def rows(self) -> int:
        return 2 + len(self.prescriptions)


@dataclass(frozen=True)
class NewPatient:
    """A patient registered at the front desk, often with a monitoring device."""

    patient: int
    full_name: str
    date_of_birth: date
    gender: str
    blood_type: str
    contact_info: str
    insurance_id: str | None
    device_type: str | None
    key_id: str | None
    kind = "new_patient"
    change = "insert"

    @property
    def rows(self) -> int:
        return 1 + (self.device_type is not None)


@dataclass(frozen=True)
class PayBill:
    bill: int
    kind = "pay_bill"
    change = "update"
    rows = 1


@dataclass(frozen=True)
class CorrectDiagnosis:
    visit: int
    diagnosis: str
    kind = "correct_diagnosis"
    change = "update"
    rows = 1


@dataclass(frozen=True)
class CorrectTotalCost:
    """A corrected visit cost also corrects the bill's amount, in the same transaction."""

    visit: int
    total_cost: Decimal
    with_bill: bool
    kind = "correct_total_cost"
    change = "update"

    @property
    def rows(self) -> int:
        return 1 + self.with_bill


@dataclass(frozen=True)
class CorrectDosage:
    prescription: int
    dosage: str
    kind = "correct_dosage"
    change = "update"
    rows = 1


@dataclass(frozen=True)
class CancelPrescription:
    prescription: int
    kind = "cancel_prescription"
    change = "delete"
    rows = 1


@dataclass(frozen=True)
class VoidBill:
    bill: int
    kind = "void_bill"
    change = "delete"
    rows = 1


@dataclass(frozen=True)
class CancelVisit:
    """A visit entered by mistake: its prescriptions go too, its bill cascades."""

    visit: int
    prescriptions: tuple[int, ...]
    with_bill: bool
    kind = "cancel_visit"
    change = "delete"

    @property
    def rows(self) -> int:
        return 1 + len(self.prescriptions) + self.with_bill


Op = NewVisit | NewPatient | PayBill | CorrectDiagnosis | CorrectTotalCost | CorrectDosage | CancelPrescription \
    | VoidBill | CancelVisit

OP_KINDS = [cls.kind for cls in (NewVisit, NewPatient, PayBill, CorrectDiagnosis, CorrectTotalCost, CorrectDosage,
                                 CancelPrescription, VoidBill, CancelVisit)]


@dataclass(frozen=True)
class Batch:
    """Ops to run now. Entity handles below `forget_before` will never be referenced again."""

    ops: list
    forget_before: int

    @property
    def rows(self) -> int:
        return sum(op.rows for op in self.ops)
