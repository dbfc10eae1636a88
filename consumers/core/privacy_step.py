"""Pseudonymise patient identifiers before a change reaches any sink. Pure.

Names, contact and insurance id become keyed hashes; the date of birth becomes an age band
as of the row's last change (its updated_at), so the same change always yields the same row:
a replay next year writes what the first delivery wrote, and reconcile can recompute it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timezone

from consumers.core.changes import Change
from consumers.core.tables import BANDED, PSEUDONYMISED
from hospital.privacy import age_band, pseudonym


def band_date(row: dict, today: date | None) -> date:
    """The day the age band is cut on: the row's updated_at (UTC), else `today`."""
    stamp = row.get("updated_at")
    if isinstance(stamp, datetime):
        return (stamp.astimezone(timezone.utc) if stamp.tzinfo else stamp).date()
    return today or date.today()


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
        row["age_band"] = age_band(born, band_date(row, today)) if born else None
    return replace(change, row=row)
