"""Why a change goes to dlq.cdc. The SQL views write `reason` as `<kind>` or `<kind>:<table>.<column>`."""

from __future__ import annotations

from hospital.errors import HospitalError

REASON_KINDS = {
    "not_json": "the record value is not a JSON object",
    "unknown_op": "the Debezium op is missing or not one of c, r, u, d",
    "no_row_image": "the change lacks its row image (after, or before for a delete)",
    "no_source_position": "source.lsn is missing, so the change has no version",
    "missing_or_invalid": "a required column is missing or does not parse as its type (or is negative money)",
    "not_accepted": "a column holds a value outside its accepted set or format",
    "unknown_fk": "a foreign key is still unknown after the grace period",
    "unknown_table": "a record of a table the job does not read (a misrouted topic)",
}


def reason_kind(reason: str) -> str:
    return reason.split(":", 1)[0]


class CdcEnrichError(HospitalError):
    """The cdc_enrich job could not be planned or submitted; the message says what to fix."""
