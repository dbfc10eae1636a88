"""The captured operational tables as sinks see them: key and typed columns.

Types are logical ("bigint", "text", "date", "timestamp", "decimal", "bool"); each
sink maps them to its dialect in its own DDL files. Patient identifiers are listed in
PSEUDONYMISED / BANDED: sinks never receive them in clear.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Table:
    name: str
    key: str
    columns: dict[str, str]


TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table("doctors", "doctor_id", {
            "doctor_id": "bigint", "name": "text", "specialization": "text", "experience_years": "int",
            "contact_info": "text", "created_at": "timestamp", "updated_at": "timestamp"}),
        Table("patients", "patient_id", {
            "patient_id": "bigint", "full_name": "text", "age_band": "text", "gender": "text",
            "blood_type": "text", "contact_info": "text", "insurance_id": "text",
            "created_at": "timestamp", "updated_at": "timestamp"}),
        Table("medicines", "medicine_id", {
            "medicine_id": "bigint", "name": "text", "category": "text", "manufacturer": "text",
            "price": "decimal", "created_at": "timestamp", "updated_at": "timestamp"}),
        Table("visits", "visit_id", {
            "visit_id": "bigint", "patient_id": "bigint", "doctor_id": "bigint", "visit_date": "date",
            "diagnosis": "text", "total_cost": "decimal", "created_at": "timestamp", "updated_at": "timestamp"}),
        Table("billing_payments", "billing_id", {
            "billing_id": "bigint", "patient_id": "bigint", "visit_id": "bigint", "billing_date": "date",
            "total_amount": "decimal", "payment_status": "text", "created_at": "timestamp", "updated_at": "timestamp"}),
        Table("prescriptions", "prescription_id", {
            "prescription_id": "bigint", "patient_id": "bigint", "doctor_id": "bigint", "medicine_id": "bigint",
            "dosage": "text", "duration": "text", "created_at": "timestamp", "updated_at": "timestamp"}),
    )
}

# Columns replaced by a keyed hash before any analytics sink.
PSEUDONYMISED = {"patients": ("full_name", "contact_info", "insurance_id")}
# date_of_birth never leaves the source: it becomes age_band and birth_year.
BANDED = {"patients": "date_of_birth"}

# Bookkeeping columns every sink table has besides the table's own columns.
META_COLUMNS = {"_version": "version", "_deleted": "bool", "_source_ts": "timestamp"}


def topic_of(table: str, prefix: str = "hospital") -> str:
    return f"{prefix}.public.{table}"
