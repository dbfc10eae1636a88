"""Pure logic of cdc_enrich: parse one Debezium record and check it against its table's contract.

Why Python and not SQL: Flink SQL can only read JSON field by field (JSON_VALUE), and each
call parses the whole document again; a change needs a dozen of them. Parsing once here is
several times faster (see flink_jobs/README.md, "Measurements"), keeps the record's text for
the dead letters, and the contracts become plain data that the unit tests read.
Everything after parsing (deduplication, joins, derived columns) is SQL.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from hospital.privacy import age_band, pseudonym

LSN_SPAN = 2**64  # version = last commit LSN * 2^64 + event LSN
MONEY = Decimal("0.01")
MONEY_MAX = Decimal("99999999.99")  # NUMERIC(10, 2)
DOSAGE = re.compile(r"^[0-9]+(\.[0-9]+)? [a-z]+ ([0-9]+)x daily$")
DURATION = re.compile(r"^([0-9]+) days?$")


@dataclass(frozen=True)
class Contract:
    """What a valid row image of one source table looks like."""

    table: str
    key: str
    columns: dict[str, str]  # column -> kind: bigint, date, text, money
    required: tuple[str, ...]
    accepted: dict[str, tuple[str, ...]] = field(default_factory=dict)
    formats: dict[str, re.Pattern] = field(default_factory=dict)
    pseudonymised: bool = False  # has patient_id: emit patient_key


CONTRACTS = {c.table: c for c in (
    Contract("doctors", "doctor_id",
             {"doctor_id": "bigint", "name": "text", "specialization": "text"},
             required=("doctor_id", "name", "specialization")),
    Contract("patients", "patient_id",
             {"patient_id": "bigint", "date_of_birth": "date", "gender": "text"},
             required=("patient_id", "date_of_birth", "gender"),
             accepted={"gender": ("Male", "Female", "Other")}),
    Contract("medicines", "medicine_id",
             {"medicine_id": "bigint", "name": "text", "category": "text", "price": "money"},
             required=("medicine_id", "name", "category", "price")),
    Contract("visits", "visit_id",
             {"visit_id": "bigint", "patient_id": "bigint", "doctor_id": "bigint", "visit_date": "date",
              "diagnosis": "text", "total_cost": "money"},
             required=("visit_id", "patient_id", "doctor_id", "visit_date", "diagnosis", "total_cost"),
             pseudonymised=True),
    Contract("billing_payments", "billing_id",
             {"billing_id": "bigint", "patient_id": "bigint", "visit_id": "bigint", "billing_date": "date",
              "total_amount": "money", "payment_status": "text"},
             required=("billing_id", "patient_id", "visit_id", "billing_date", "total_amount", "payment_status"),
             accepted={"payment_status": ("Paid", "Unpaid", "Pending")},
             pseudonymised=True),
    Contract("prescriptions", "prescription_id",
             {"prescription_id": "bigint", "patient_id": "bigint", "doctor_id": "bigint", "medicine_id": "bigint",
              "dosage": "text", "duration": "text"},
             required=("prescription_id", "patient_id", "doctor_id", "medicine_id", "dosage", "duration"),
             formats={"dosage": DOSAGE, "duration": DURATION},
             pseudonymised=True),
)}

# Columns of the parser's output row: the union over all tables, then the change's metadata.
DATA_COLUMNS: dict[str, str] = {}
for _contract in CONTRACTS.values():
    for _column, _kind in _contract.columns.items():
        DATA_COLUMNS.setdefault(_column, _kind)
# table_name is echoed so that SQL filters on the function's output: a filter on its input
# would be pushed below the function and plan one Python operator per table.
OUTPUT_COLUMNS = ("table_name", *DATA_COLUMNS, "patient_key", "version", "deleted", "error")


class BadChange(ValueError):
    """The record cannot become a change; str(exc) is the dead-letter reason."""


def version_of(source: object) -> int:
    """COALESCE(sequence[0], 0) * 2^64 + lsn."""
    if not isinstance(source, dict):
        raise BadChange("no_source_position")
    try:
        lsn = int(source["lsn"])
    except (KeyError, TypeError, ValueError):
        raise BadChange("no_source_position") from None
    try:
        commit = json.loads(source.get("sequence") or "[null]")[0]
        commit = int(commit) if commit is not None else 0
    except (TypeError, ValueError, IndexError, json.JSONDecodeError):
        commit = 0
    return commit * LSN_SPAN + lsn


def convert(table: str, column: str, kind: str, raw: object):
    """One column of a row image to its type; BadChange names the column when it does not fit."""
    if raw is None:
        return None
    try:
        if kind == "bigint":
            if isinstance(raw, bool) or (isinstance(raw, float) and not raw.is_integer()):
                raise ValueError
            return int(raw)
        if kind == "date":
            # Debezium's isostring dates carry a zone suffix ("2024-05-01Z").
            return date.fromisoformat(raw[:-1] if raw.endswith("Z") else raw)
        if kind == "money":
            value = Decimal(str(raw))
            if not value.is_finite() or value < 0 or value > MONEY_MAX:
                raise ValueError
            return value.quantize(MONEY)
        if not isinstance(raw, str):
            raise ValueError
        return raw
    except (TypeError, ValueError, InvalidOperation):
        raise BadChange(f"missing_or_invalid:{table}.{column}") from None


def check(contract: Contract, row: dict) -> None:
    for column in contract.required:
        value = row.get(column)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise BadChange(f"missing_or_invalid:{contract.table}.{column}")
    for column, allowed in contract.accepted.items():
        if row.get(column) not in allowed:
            raise BadChange(f"not_accepted:{contract.table}.{column}")
    for column, pattern in contract.formats.items():
        if not pattern.match(row.get(column) or ""):
            raise BadChange(f"not_accepted:{contract.table}.{column}")


def parse_change(table: str, text: str | None, pseudonym_key: str) -> dict | None:
    """One Debezium record -> output row (dict over OUTPUT_COLUMNS); None for a tombstone.

    A record that fails comes back with `error` set (the dead-letter reason) and no data.
    """
    if text is None:
        return None
    row = dict.fromkeys(OUTPUT_COLUMNS)
    row["table_name"] = table
    try:
        contract = CONTRACTS.get(table)
        if contract is None:
            raise BadChange(f"unknown_table:{table}")
        try:
            event = json.loads(text)
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise BadChange("not_json") from None
        if not isinstance(event, dict):
            raise BadChange("not_json")
        op = event.get("op")
        if op not in ("c", "r", "u", "d"):
            raise BadChange("unknown_op")
        image = event.get("before") if op == "d" else event.get("after")
        if not isinstance(image, dict):
            raise BadChange("no_row_image")
        version = version_of(event.get("source"))
        data = {column: convert(table, column, kind, image.get(column)) for column, kind in contract.columns.items()}
        check(contract, data)
    except BadChange as exc:
        row["error"] = str(exc)
        return row
    row.update(data)
    row["version"] = Decimal(version)
    row["deleted"] = op == "d"
    if contract.pseudonymised:
        row["patient_key"] = pseudonym(data["patient_id"], pseudonym_key)
    return row


# -- references for the SQL: the tests check that the job's SQL computes the same ------------

def daily_count(dosage: str | None) -> int | None:
    match = DOSAGE.match(dosage or "")
    return int(match.group(2)) if match else None


def duration_days(duration: str | None) -> int | None:
    match = DURATION.match(duration or "")
    return int(match.group(1)) if match else None


def estimated_cost(price: Decimal | None, dosage: str | None, duration: str | None) -> Decimal | None:
    count, days = daily_count(dosage), duration_days(duration)
    if price is None or count is None or days is None:
        return None
    return (price * count * days).quantize(MONEY)


def visit_age_band(date_of_birth: date | None, visit_date: date | None) -> str | None:
    """Age band on the visit date (deterministic under replays), per hospital.privacy."""
    if date_of_birth is None or visit_date is None:
        return None
    return age_band(date_of_birth, visit_date)
