"""Why a record goes to dlq.vitals. `reason` is `<kind>` or `<kind>:<field or detail>`."""

from __future__ import annotations

from hospital.errors import HospitalError

REASON_KINDS = {
    "not_json": "the record value is not a JSON object",
    "undecryptable": "an envelope with an unknown key id, a bad nonce/ciphertext or a failed authentication",
    "missing_or_invalid": "device_id, patient_id or measured_at missing, or a field of the wrong type",
    "out_of_range": "a vital outside its plausible range (transforms.VALID_RANGES)",
    "implausible_time": "measured_at more than a minute ahead of, or a day behind, the record's Kafka time",
    "late": "the reading arrived after the event-time watermark had passed it",
}


def reason_kind(reason: str) -> str:
    return reason.split(":", 1)[0]


class VitalsJobError(HospitalError):
    """The vitals job could not be planned (for example an invalid rules.yaml)."""
