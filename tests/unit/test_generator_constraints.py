"""The operational schema's CHECK constraints, read from the migration so tests follow the DDL."""

from __future__ import annotations

import re

from hospital.settings import REPO_ROOT

DDL = (REPO_ROOT / "db" / "migrations" / "sql" / "0001_operational_schema.up.sql").read_text()


def check_regex(column: str) -> re.Pattern:
    match = re.search(rf"CHECK \({column} ~ '([^']+)'\)", DDL)
    assert match, f"no regex CHECK on {column} in the migration"
    return re.compile(match.group(1))


def check_values(column: str) -> set[str]:
    match = re.search(rf"CHECK \({column} IN \(([^)]*)\)\)", DDL)
    assert match, f"no IN CHECK on {column} in the migration"
    return set(re.findall(r"'([^']*)'", match.group(1)))


def test_constraints_are_found_in_the_migration():
    assert check_regex("dosage").fullmatch("500 mg 2x daily")
    assert check_regex("duration").fullmatch("7 days")
    assert check_values("gender") == {"Male", "Female", "Other"}
    assert len(check_values("blood_type")) == 8
    assert check_values("payment_status") == {"Paid", "Unpaid", "Pending"}
