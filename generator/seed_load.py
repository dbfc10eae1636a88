"""`hospital seed`: write a SeedPlan into Postgres with COPY, ids taken from the identity sequences.

The whole load is one transaction: a failure leaves nothing half-seeded, and CDC
sees the reference data appear at once.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date

import psycopg
from psycopg import sql

from generator.database import GeneratorError, open_connection
from generator.seed_plan import SeedPlan, build_seed_plan
from generator.sql import query
from generator.vitals_keys import configured_keys
from hospital.settings import Settings


@dataclass
class SeedResult:
    seed: int
    scale: float
    schema: str
    counts: dict[str, int] = field(default_factory=dict)
    already_loaded: bool = False
    seconds: float = 0.0


def seed_database(settings: Settings, *, scale: float = 1.0, seed: int = 42, schema: str = "public",
                  today: date | None = None) -> SeedResult:
    """Load the plan for (scale, seed) into `schema`, unless this seed is already there."""
    keys = configured_keys(settings)
    started = time.perf_counter()
    plan = build_seed_plan(scale, seed, today or date.today(), sorted(keys))
    result = SeedResult(seed=seed, scale=scale, schema=schema, counts=plan.counts())
    with open_connection(settings, schema) as conn:
        try:
            if already_loaded(conn, plan):
                result.already_loaded = True
            else:
                load_plan(conn, plan)
                conn.commit()
        except psycopg.Error as exc:
            raise GeneratorError(f"seeding schema {schema!r} failed: {str(exc).strip().splitlines()[0]}") from None
    result.seconds = time.perf_counter() - started
    return result


def already_loaded(conn: psycopg.Connection, plan: SeedPlan) -> bool:
    """Serial numbers are unique and derived from the seed: if the first exists, this seed was loaded."""
    if not plan.devices:
        return False
    return conn.execute(query("device_exists"), {"serial_number": plan.devices[0][2]}).fetchone()[0]


def load_plan(conn: psycopg.Connection, plan: SeedPlan) -> None:
    doctor_ids = copy_rows(conn, "doctors", "doctor_id", plan.doctors)
    patient_ids = copy_rows(conn, "patients", "patient_id", plan.patients)
    medicine_ids = copy_rows(conn, "medicines", "medicine_id", plan.medicines)
    copy_rows(conn, "devices", "device_id", [
        (patient_ids[p], kind, serial, key_id) for p, kind, serial, key_id in plan.devices])
    visit_ids = copy_rows(conn, "visits", "visit_id", [
        (patient_ids[p], doctor_ids[d], day, dx, cost) for p, d, day, dx, cost in plan.visits])
    copy_rows(conn, "prescriptions", "prescription_id", [
        (patient_ids[p], doctor_ids[d], medicine_ids[m], dosage, duration)
        for p, d, m, dosage, duration in plan.prescriptions])
    copy_rows(conn, "billing_payments", "billing_id", [
        (patient_ids[plan.visits[v][0]], visit_ids[v], day, amount, status)
        for v, day, amount, status in plan.bills])


def copy_rows(conn: psycopg.Connection, table: str, id_column: str, rows: list[tuple]) -> list[int]:
    """COPY rows (without their id) into table; returns the database ids given to them, in order."""
    if not rows:
        return []
    ids = reserve_ids(conn, table, id_column, len(rows))
    with conn.cursor().copy(query(f"copy_{table}")) as copy:
        for row_id, row in zip(ids, rows):
            copy.write_row((row_id, *row))
    return ids


def reserve_ids(conn: psycopg.Connection, table: str, id_column: str, count: int) -> list[int]:
    schema = conn.execute("SELECT current_schema()").fetchone()[0]
    qualified = sql.Identifier(schema, table).as_string(conn)
    rows = conn.execute(query("reserve_ids"), {"table": qualified, "column": id_column, "count": count}).fetchall()
    # Sorted so ids grow with plan order, which keeps seeded data easy to read.
    return sorted(row[0] for row in rows)
