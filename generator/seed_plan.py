"""What `hospital seed` writes, as plain rows: pure and deterministic given (scale, seed, today).

Rows refer to each other by list position (patient_index, doctor_index, ...), never by id:
ids are assigned by the database when the plan is loaded (generator/seed_load.py).
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from faker import Faker

from generator import catalog, values

# Rows per unit of --scale.
DOCTORS_PER_SCALE = 50
PATIENTS_PER_SCALE = 1000
MEDICINES_PER_SCALE = 200
HISTORY_DAYS = 730
MEAN_VISITS_PER_PATIENT = 3.0
SECOND_DEVICE_SHARE = 0.2


@dataclass
class SeedPlan:
    """Row tuples per table, in COPY column order without the id. References are list positions."""

    # (name, specialization, experience_years, contact_info)
    doctors: list[tuple] = field(default_factory=list)
    # (full_name, date_of_birth, gender, blood_type, contact_info, insurance_id)
    patients: list[tuple] = field(default_factory=list)
    # (name, category, manufacturer, price)
    medicines: list[tuple] = field(default_factory=list)
    # (patient_index, device_type, serial_number, key_id)
    devices: list[tuple] = field(default_factory=list)
    # (patient_index, doctor_index, visit_date, diagnosis, total_cost)
    visits: list[tuple] = field(default_factory=list)
    # (patient_index, doctor_index, medicine_index, dosage, duration)
    prescriptions: list[tuple] = field(default_factory=list)
    # (visit_index, billing_date, total_amount, payment_status)
    bills: list[tuple] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in
                ("doctors", "patients", "medicines", "devices", "visits", "prescriptions", "bills")}


def sources(seed: int, part: str) -> tuple[random.Random, Faker]:
    """One random stream per table, so changing how one table is drawn leaves the others alone."""
    fake = Faker("en_US")
    fake.seed_instance(f"{seed}:{part}")
    return random.Random(f"{seed}:{part}"), fake


def scaled(per_scale: int, scale: float) -> int:
    return max(1, round(per_scale * scale))


def build_seed_plan(scale: float, seed: int, today: date, key_ids: list[str] | None = None) -> SeedPlan:
    plan = SeedPlan()
    rng, fake = sources(seed, "doctors")
    plan.doctors = [values.doctor_row(rng, fake) for _ in range(scaled(DOCTORS_PER_SCALE, scale))]
    rng, fake = sources(seed, "patients")
    plan.patients = [values.patient_row(rng, fake, today) for _ in range(scaled(PATIENTS_PER_SCALE, scale))]
    rng, _ = sources(seed, "medicines")
    medicines = [values.medicine_row(rng) for _ in range(scaled(MEDICINES_PER_SCALE, scale))]
    plan.medicines = [row for row, _ in medicines]
    plan.devices = plan_devices(seed, len(plan.patients), sorted(key_ids or []))
    plan_history(plan, seed, today, [medicine for _, medicine in medicines])
    return plan


def plan_devices(seed: int, patient_count: int, key_ids: list[str]) -> list[tuple]:
    rng, _ = sources(seed, "devices")
    devices = []
    for patient_index in range(patient_count):
        for _ in range(2 if rng.random() < SECOND_DEVICE_SHARE else 1):
            kind = values.device_type(rng)
            # Key ids rotate by position (no random draw) so configuring keys changes nothing else.
            key_id = key_ids[len(devices) % len(key_ids)] if key_ids else None
            devices.append((patient_index, kind, values.serial_number(rng, kind), key_id))
    return devices


def plan_history(plan: SeedPlan, seed: int, today: date, medicines: list[values.Medicine]) -> None:
    """Past visits, each with 0-3 prescriptions and one bill."""
    rng, _ = sources(seed, "history")
    doctors_by_spec = group_indexes(row[1] for row in plan.doctors)
    medicines_by_category = group_indexes(m.category for m in medicines)
    for patient_index in range(len(plan.patients)):
        for _ in range(min(15, int(rng.expovariate(1 / MEAN_VISITS_PER_PATIENT)))):
            dx = values.diagnosis(rng)
            doctor_index = pick_doctor(rng, doctors_by_spec, catalog.DIAGNOSES[dx][0], len(plan.doctors))
            visit_date = today - timedelta(days=rng.randrange(HISTORY_DAYS))
            cost = values.visit_cost(rng, dx)
            plan.visits.append((patient_index, doctor_index, visit_date, dx, cost))
            for medicine_index in pick_medicines(rng, medicines_by_category, dx, len(medicines)):
                plan.prescriptions.append((patient_index, doctor_index, medicine_index,
                                           values.dosage(rng, medicines[medicine_index]), values.duration(rng)))
            billing_date = min(today, visit_date + timedelta(days=rng.randrange(15)))
            plan.bills.append((len(plan.visits) - 1, billing_date, cost, past_status(rng, (today - billing_date).days)))


def group_indexes(keys) -> dict[str, list[int]]:
    groups = defaultdict(list)
    for index, key in enumerate(keys):
        groups[key].append(index)
    return dict(groups)


def pick_doctor(rng: random.Random, by_spec: dict[str, list[int]], spec: str, count: int) -> int:
    # A small hospital may lack the specialist: a generalist sees the patient instead.
    for candidate in (spec, "Internal Medicine", "Family Medicine"):
        if by_spec.get(candidate):
            return rng.choice(by_spec[candidate])
    return rng.randrange(count)


def prescription_count(rng: random.Random) -> int:
    return rng.choices((0, 1, 2, 3), cum_weights=(10, 45, 80, 100))[0]


def pick_medicines(rng: random.Random, by_category: dict[str, list[int]], dx: str, count: int) -> list[int]:
    categories = catalog.DIAGNOSES[dx][3]
    picked = []
    for _ in range(prescription_count(rng)):
        pool = by_category.get(rng.choice(categories))
        picked.append(rng.choice(pool) if pool else rng.randrange(count))
    return picked


def past_status(rng: random.Random, age_days: int) -> str:
    """Old bills are settled (or written off as Unpaid); recent ones are often still Pending."""
    if age_days > 60:
        return "Paid" if rng.random() < 0.92 else "Unpaid"
    return rng.choices(catalog.PAYMENT_STATUSES, cum_weights=(50, 65, 100))[0]
