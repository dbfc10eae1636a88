"""Pseudonymisation shared by every analytics sink and the Flink jobs.

pseudonym(v) = lower-hex SHA-256 of "<key>:<v>". The same expression exists in Flink SQL
(SHA256(CONCAT(key, ':', v))), ClickHouse (lower(hex(SHA256(...)))) and DuckDB
(sha256(...)), so every sink derives the same patient key without Python UDFs. The key
is a secret (HOSPITAL_PRIVACY__PSEUDONYM_KEY; generated under .local/secrets locally), so
the hash cannot be reversed by hashing candidate identifiers.
"""

from __future__ import annotations

import hashlib
from datetime import date

from hospital.settings import Settings

AGE_BANDS = ((18, "0-17"), (41, "18-40"), (66, "41-65"))
OLDEST_BAND = "66+"


def pseudonym_key(settings: Settings) -> str:
    return settings.secret("privacy", "pseudonym_key")


def pseudonym(value: object, key: str) -> str:
    return hashlib.sha256(f"{key}:{value}".encode()).hexdigest()


def age_on(date_of_birth: date, on: date) -> int:
    return on.year - date_of_birth.year - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))


def age_band(date_of_birth: date, on: date) -> str:
    """Bands follow the marts' age_group cut points (<18, 18-40, 41-65, 66+)."""
    age = age_on(date_of_birth, on)
    for upper, label in AGE_BANDS:
        if age < upper:
            return label
    return OLDEST_BAND
