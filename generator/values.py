"""Realistic column values, drawn from a seeded random.Random (and Faker for names).

Every function takes its random source as an argument, so the same seed always yields
the same values, and each value satisfies the table's CHECK constraints
(db/migrations/sql/0001_operational_schema.up.sql).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from faker import Faker

from generator import catalog

CENT = Decimal("0.01")
STRENGTH_IN_NAME = re.compile(r"(\d+(?:\.\d+)?) ([a-z]+)\b")

INSURERS = ["BCBS", "AETNA", "UHC", "CIGNA", "HUMANA", "KP", "MEDICARE", "MEDICAID"]

# Age bands (years) and their share of a hospital's patients: children and the old are
# over-represented compared to the population.
AGE_BANDS = [((0, 17), 18), ((18, 40), 28), ((41, 65), 32), ((66, 97), 22)]


class WeightedChoice:
    """A fixed weighted choice; cum_weights are computed once because the stream calls it hot."""

    def __init__(self, weights: dict):
        self.items = list(weights)
        self.cum = []
        total = 0.0
        for item in self.items:
            total += weights[item]
            self.cum.append(total)

    def __call__(self, rng: random.Random):
        return rng.choices(self.items, cum_weights=self.cum)[0]


blood_type = WeightedChoice(catalog.BLOOD_TYPES)
gender = WeightedChoice(catalog.GENDERS)
specialization = WeightedChoice(catalog.SPECIALIZATIONS)
diagnosis = WeightedChoice({name: spec[1] for name, spec in catalog.DIAGNOSES.items()})
times_daily = WeightedChoice(catalog.TIMES_DAILY)
duration_days = WeightedChoice(catalog.DURATION_DAYS)
device_type = WeightedChoice(catalog.DEVICE_TYPES)
age_band = WeightedChoice({band: weight for band, weight in AGE_BANDS})


def money(rng: random.Random, low: float, high: float) -> Decimal:
    # Skewed towards the low end: most visits are cheap, a few are expensive.
    value = low + (high - low) * rng.random() ** 2
    return Decimal(str(round(value, 2))).quantize(CENT)


def contact_info(fake: Faker, first: str, last: str) -> str:
    email = f"{first}.{last}@{fake.free_email_domain()}".lower().replace(" ", "").replace("'", "")
    return f"{fake.numerify('###-###-####')} | {email}"


def doctor_row(rng: random.Random, fake: Faker) -> tuple:
    """(name, specialization, experience_years, contact_info)"""
    first, last = fake.first_name(), fake.last_name()
    experience = min(45, int(rng.gammavariate(2.2, 6.0)))
    return f"Dr. {first} {last}", specialization(rng), experience, contact_info(fake, first, last)


def patient_row(rng: random.Random, fake: Faker, today: date) -> tuple:
    """(full_name, date_of_birth, gender, blood_type, contact_info, insurance_id)"""
    sex = gender(rng)
    first = {"Female": fake.first_name_female, "Male": fake.first_name_male}.get(sex, fake.first_name)()
    last = fake.last_name()
    low, high = age_band(rng)
    born = today - timedelta(days=rng.randint(low * 365, high * 365 + 364))
    # About one in ten patients is uninsured (self-pay).
    insurance = None if rng.random() < 0.1 else f"{rng.choice(INSURERS)}-{rng.randrange(10**9):09d}"
    return f"{first} {last}", born, sex, blood_type(rng), contact_info(fake, first, last), insurance


@dataclass(frozen=True)
class Medicine:
    """What the planners need to know about a medicine: its category and strength."""

    category: str
    amount: str
    unit: str


def medicine_row(rng: random.Random) -> tuple[tuple, Medicine]:
    """((name, category, manufacturer, price), Medicine)"""
    category = rng.choice(sorted(catalog.MEDICINES))
    generics, (amount, unit), (low, high) = catalog.MEDICINES[category]
    strength = format_amount(Decimal(amount) * Decimal(rng.choice(("0.5", "1", "1", "2"))))
    form = rng.choice(catalog.CATEGORY_FORMS.get(category, catalog.FORMS))
    name = f"{rng.choice(generics)} {strength} {unit} {form}"
    price = money(rng, low, high)
    return (name, category, rng.choice(catalog.MANUFACTURERS), price), Medicine(category, strength, unit)


def medicine_from_row(name: str, category: str) -> Medicine:
    """Recover strength from a medicine's name ('Amoxicillin 500 mg capsule'); fallback: category default."""
    match = STRENGTH_IN_NAME.search(name)
    if match:
        return Medicine(category, match.group(1), match.group(2))
    amount, unit = catalog.MEDICINES.get(category, (None, ("1", "unit"), None))[1]
    return Medicine(category, amount, unit)


def format_amount(value: Decimal) -> str:
    """'500', '2.5': no exponent and no trailing zeros, as the dosage CHECK expects."""
    return format(value.normalize(), "f")


def dosage(rng: random.Random, medicine: Medicine) -> str:
    """'<amount> <unit> <n>x daily', mostly one unit of the medicine's strength."""
    factor = rng.choices(("1", "2", "0.5"), cum_weights=(70, 95, 100))[0]
    amount = format_amount(Decimal(medicine.amount) * Decimal(factor))
    return f"{amount} {medicine.unit} {times_daily(rng)}x daily"


def duration(rng: random.Random) -> str:
    return f"{duration_days(rng)} days"


def visit_cost(rng: random.Random, diagnosis_name: str) -> Decimal:
    low, high = catalog.DIAGNOSES[diagnosis_name][2]
    return money(rng, low, high)


def serial_number(rng: random.Random, kind: str) -> str:
    return f"{catalog.DEVICE_PREFIX[kind]}-{rng.getrandbits(40):010X}"
