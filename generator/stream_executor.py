"""Runs planned ops against Postgres: one transaction per op, a batch per round trip.

Each op is a single statement (data-modifying CTEs) wrapped in BEGIN/COMMIT, and a
whole batch goes through psycopg's pipeline mode, so a batch of a hundred transactions
costs one network round trip. Explicit BEGIN/COMMIT matter: without them everything
between two pipeline syncs would be one implicit transaction.
"""

from __future__ import annotations

import json
from collections import OrderedDict

import psycopg

from generator import catalog
from generator.sql import query
from generator.stream_ops import (
    Batch, CancelPrescription, CancelVisit, CorrectDiagnosis, CorrectDosage, CorrectTotalCost, NewPatient, NewVisit,
    PayBill, VoidBill,
)
from generator.stream_stats import StreamStats

INERROR = psycopg.pq.TransactionStatus.INERROR


class Unresolved(Exception):
    """An op refers to a row whose insert failed or that was forgotten: skip the op."""


class StreamExecutor:
    def __init__(self, conn: psycopg.Connection, patient_ids: list[int], stats: StreamStats):
        if not conn.autocommit:
            raise ValueError("the executor manages its own transactions: open the connection with autocommit")
        self.conn = conn
        self.stats = stats
        self.patient_ids = dict(enumerate(patient_ids))  # patient handle -> patient_id
        self.ids: OrderedDict[int, int] = OrderedDict()  # entity handle -> id, in creation order
        self.control = conn.cursor()

    def run(self, batch: Batch) -> None:
        pending = []
        for op in batch.ops:
            try:
                pending.append((op, *self.bind(op)))
            except Unresolved:
                self.stats.skipped += 1
        while pending:
            done, failed = self.run_pipeline(pending)
            pending = pending[done + 1:] if failed else []
        self.forget(batch.forget_before)

    def run_pipeline(self, pending: list) -> tuple[int, bool]:
        """Send all pending transactions in one pipeline. Returns (ops completed, whether one failed).

        On a failure the server skips everything up to the pipeline's sync, so the ops
        after the failed one have not run: the caller sends them again.
        """
        cursors = []
        error = None
        try:
            with self.conn.pipeline():
                for op, sql_name, params in pending:
                    cursor = self.conn.cursor()
                    self.control.execute("BEGIN")
                    cursor.execute(query(sql_name), params, prepare=True)
                    self.control.execute("COMMIT")
                    cursors.append(cursor)
        except psycopg.OperationalError:
            raise
        except psycopg.Error as exc:
            error = exc
            if self.conn.info.transaction_status == INERROR:
                self.conn.execute("ROLLBACK")
        done = 0
        for (op, _, _), cursor in zip(pending, cursors):
            if cursor.pgresult is None:
                break
            self.record(op, cursor.fetchone())
            done += 1
        if error is not None:
            self.stats.failed += 1
            self.stats.last_error = f"{pending[done][0].kind}: {str(error).strip().splitlines()[0]}"
        return done, error is not None

    def forget(self, before: int) -> None:
        while self.ids:
            handle = next(iter(self.ids))
            if handle >= before:
                break
            self.ids.popitem(last=False)

    # -- op -> statement -------------------------------------------------------------------------

    def id_of(self, handle: int) -> int:
        try:
            return self.ids[handle]
        except KeyError:
            raise Unresolved(handle) from None

    def patient_id(self, handle: int) -> int:
        try:
            return self.patient_ids[handle]
        except KeyError:
            raise Unresolved(handle) from None

    def bind(self, op) -> tuple[str, dict]:
        if isinstance(op, NewVisit):
            return "new_visit", {
                "patient_id": self.patient_id(op.patient), "doctor_id": op.doctor_id, "diagnosis": op.diagnosis,
                "total_cost": op.total_cost, "payment_status": op.payment_status,
                "lines": json.dumps([{"medicine_id": line.medicine_id, "dosage": line.dosage,
                                      "duration": line.duration} for line in op.prescriptions]),
            }
        if isinstance(op, NewPatient):
            return "new_patient", {
                "full_name": op.full_name, "date_of_birth": op.date_of_birth, "gender": op.gender,
                "blood_type": op.blood_type, "contact_info": op.contact_info, "insurance_id": op.insurance_id,
                "device_type": op.device_type, "key_id": op.key_id,
                "serial_prefix": catalog.DEVICE_PREFIX.get(op.device_type or "", "DEV"),
            }
        if isinstance(op, PayBill):
            return "pay_bill", {"billing_id": self.id_of(op.bill)}
        if isinstance(op, VoidBill):
            return "void_bill", {"billing_id": self.id_of(op.bill)}
        if isinstance(op, CorrectDiagnosis):
            return "correct_diagnosis", {"visit_id": self.id_of(op.visit), "diagnosis": op.diagnosis}
        if isinstance(op, CorrectTotalCost):
            return "correct_total_cost", {"visit_id": self.id_of(op.visit), "total_cost": op.total_cost}
        if isinstance(op, CorrectDosage):
            return "correct_dosage", {"prescription_id": self.id_of(op.prescription), "dosage": op.dosage}
        if isinstance(op, CancelPrescription):
            return "cancel_prescription", {"prescription_id": self.id_of(op.prescription)}
        if isinstance(op, CancelVisit):
            # A prescription whose id is unknown was never written: nothing to delete.
            ids = [self.ids[h] for h in op.prescriptions if h in self.ids]
            return "cancel_visit", {"visit_id": self.id_of(op.visit), "prescription_ids": ids}
        raise TypeError(f"unknown op {op!r}")

    # -- results ---------------------------------------------------------------------------------

    def record(self, op, row: tuple) -> None:
        if isinstance(op, NewVisit):
            visit_id, billing_id, prescription_ids, _ = row
            self.ids[op.visit] = visit_id
            self.ids[op.bill] = billing_id
            for line, prescription_id in zip(op.prescriptions, prescription_ids):
                self.ids[line.handle] = prescription_id
        elif isinstance(op, NewPatient):
            self.patient_ids[op.patient] = row[0]
        changes = row[-1]
        self.stats.transactions += 1
        self.stats.row_changes += changes
        self.stats.changes[op.change] += changes
        self.stats.by_kind[op.kind] += 1
