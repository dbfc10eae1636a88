"""Pseudonymise patient identifiers before a change reaches any sink. Pure.

Names, contact and insurance id become keyed hashes; the date of birth becomes an age band.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from consumers.core.changes import Change
from consumers.core.tables import BANDED, PSEUDONYMISED
from hospital.privacy import age_band, pseudonym


def pseudonymise(change: Change, key: str, today: date | None = None) -> Change:
    hashed = PSEUDONYMISED.get(change.table)
    banded = BANDED.get(change.table)
    if not hashed and not banded:
        return change
    row = dict(change.row)
    for column in hashed or ():
        if row.get(column) is not None:
            row[column] = pseudonym(row[column], key)
    if banded:
        born = row.pop(banded, None)
        row["age_band"] = age_band(born, today or date.today()) if born else None
    return replace(change, row=row)
