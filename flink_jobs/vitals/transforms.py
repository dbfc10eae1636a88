"""Pure logic of the vitals job: read one `vitals.raw` record (clear JSON or AES-GCM envelope),
check it, score it (NEWS2) and evaluate the alerting rules on it.

Time-dependent logic (sustained conditions, episodes, one-minute aggregates) is SQL over
event time; this module decides only what a single reading says. Why Python: decryption
is not available in Flink SQL, and parsing once here beats nine JSON_VALUE calls per reading.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from generator.vitals_envelope import EnvelopeError, is_envelope, open_reading, parse_keys

VITALS = ("heart_rate", "systolic", "diastolic", "temperature_c", "spo2", "respiratory_rate")
INTEGER_VITALS = ("heart_rate", "systolic", "diastolic", "spo2", "respiratory_rate")
# Physically plausible values; outside them the reading is a device or transport fault,
# not a patient state (those are the rules' business).
VALID_RANGES = {
    "heart_rate": (20, 250),
    "systolic": (50, 260),
    "diastolic": (20, 160),
    "temperature_c": (30.0, 43.0),
    "spo2": (50, 100),
    "respiratory_rate": (3, 70),
}
# measured_at must lie within this window around the record's Kafka timestamp: a device clock
# far ahead would drag the event-time watermark forward and make everyone else's readings late.
FUTURE_TOLERANCE_MS = 60_000
PAST_TOLERANCE_MS = 24 * 3600 * 1000
NEWS2_VITALS = ("respiratory_rate", "spo2", "temperature_c", "systolic", "heart_rate")
READING_COLUMNS = ("device_id", "patient_id", "measured_at", *VITALS)


class BadReading(ValueError):
    """The record cannot become a reading; str(exc) is the dead-letter reason."""


class RulesError(ValueError):
    """rules.yaml is invalid; the message names the rule and the field."""


# -- rules --------------------------------------------------------------------------------

@dataclass(frozen=True)
class ThresholdRule:
    id: str
    description: str
    vital: str
    above: float | None
    below: float | None
    sustained_seconds: int
    severity: str

    def met(self, value: float) -> bool:
        return (self.above is not None and value > self.above) or (self.below is not None and value < self.below)


@dataclass(frozen=True)
class ScoreRule:
    id: str
    description: str
    min_score: int
    max_score: int | None
    sustained_seconds: int
    severity: str

    def met(self, score: int) -> bool:
        return score >= self.min_score and (self.max_score is None or score <= self.max_score)


@dataclass(frozen=True)
class Rules:
    episode_gap_seconds: int
    thresholds: tuple[ThresholdRule, ...]
    bands: dict[str, tuple[tuple[float | None, int], ...]]
    score_rules: tuple[ScoreRule, ...]


@dataclass(frozen=True)
class Evaluation:
    rule_id: str
    severity: str
    met: bool
    sustained_seconds: int
    episode_gap_seconds: int
    observed: float
    description: str


def load_rules(path: Path) -> Rules:
    import yaml

    try:
        doc = yaml.safe_load(Path(path).read_text())
    except (OSError, yaml.YAMLError) as exc:
        raise RulesError(f"{path}: {exc}") from None
    return rules_from_dict(doc)


def rules_from_dict(doc: Mapping) -> Rules:
    severities = set(doc.get("severities") or ())
    if not severities:
        raise RulesError("severities: list the allowed severities")
    seen: set[str] = set()

    def common(item: Mapping, where: str) -> tuple[str, str, int, str]:
        rule_id = item.get("id")
        if not isinstance(rule_id, str) or not rule_id or rule_id in seen:
            raise RulesError(f"{where}: id missing or duplicated ({rule_id!r})")
        seen.add(rule_id)
        severity = item.get("severity")
        if severity not in severities:
            raise RulesError(f"{rule_id}: severity {severity!r} not in {sorted(severities)}")
        sustained = item.get("sustained_seconds", 0)
        if not isinstance(sustained, int) or sustained < 0:
            raise RulesError(f"{rule_id}: sustained_seconds must be a whole number >= 0")
        return rule_id, str(item.get("description", rule_id)), sustained, severity

    thresholds = []
    for item in doc.get("thresholds") or ():
        rule_id, description, sustained, severity = common(item, "thresholds")
        if item.get("vital") not in VITALS:
            raise RulesError(f"{rule_id}: vital must be one of {VITALS}")
        above, below = item.get("above"), item.get("below")
        if (above is None) == (below is None) or not isinstance(above if above is not None else below, (int, float)):
            raise RulesError(f"{rule_id}: give exactly one numeric `above` or `below`")
        thresholds.append(ThresholdRule(rule_id, description, item["vital"], above, below, sustained, severity))

    news2 = doc.get("news2") or {}
    bands = {}
    for vital in NEWS2_VITALS:
        raw = (news2.get("bands") or {}).get(vital)
        if not raw or raw[-1][0] is not None:
            raise RulesError(f"news2.bands.{vital}: list [upper, points] bands ending with [null, points]")
        uppers = [upper for upper, _ in raw[:-1]]
        if uppers != sorted(uppers):
            raise RulesError(f"news2.bands.{vital}: upper bounds must increase")
        bands[vital] = tuple((upper, int(points)) for upper, points in raw)
    score_rules = []
    for item in news2.get("alerts") or ():
        rule_id, description, sustained, severity = common(item, "news2.alerts")
        if not isinstance(item.get("min_score"), int):
            raise RulesError(f"{rule_id}: min_score must be a whole number")
        score_rules.append(ScoreRule(rule_id, description, item["min_score"], item.get("max_score"), sustained,
                                     severity))
    gap = doc.get("episode_gap_seconds", 300)
    if not isinstance(gap, int) or gap < 1:
        raise RulesError("episode_gap_seconds must be a whole number >= 1")
    return Rules(gap, tuple(thresholds), bands, tuple(score_rules))


# -- one reading ----------------------------------------------------------------------------

def news2_points(bands: tuple[tuple[float | None, int], ...], value: float) -> int:
    for upper, points in bands:
        if upper is None or value <= upper:
            return points
    raise AssertionError("bands end with an open band")


def news2_score(reading: Mapping, rules: Rules) -> int | None:
    """Sum of the parameters' points; None unless all five parameters are present."""
    if any(reading.get(vital) is None for vital in NEWS2_VITALS):
        return None
    return sum(news2_points(rules.bands[vital], reading[vital]) for vital in NEWS2_VITALS)


def evaluate(reading: Mapping, rules: Rules) -> list[Evaluation]:
    """One evaluation per rule that the reading can inform (a missing vital informs nothing)."""
    gap = rules.episode_gap_seconds
    out = []
    for rule in rules.thresholds:
        value = reading.get(rule.vital)
        if value is not None:
            out.append(Evaluation(rule.id, rule.severity, rule.met(value), rule.sustained_seconds, gap,
                                  float(value), rule.description))
    score = news2_score(reading, rules)
    if score is not None:
        for rule in rules.score_rules:
            out.append(Evaluation(rule.id, rule.severity, rule.met(score), rule.sustained_seconds, gap,
                                  float(score), rule.description))
    return out


def _number(reading: Mapping, field: str, integer: bool):
    value = reading.get(field)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise BadReading(f"missing_or_invalid:{field}")
    if integer:
        if isinstance(value, float) and not value.is_integer():
            raise BadReading(f"missing_or_invalid:{field}")
        return int(value)
    return float(value)


def check_reading(message: Mapping, kafka_ts_ms: int | None) -> dict:
    """Typed, range-checked reading, or BadReading naming the first violated contract."""
    reading = {}
    for field in ("device_id", "patient_id", "measured_at"):
        value = _number(message, field, integer=True)
        if value is None or value <= 0:
            raise BadReading(f"missing_or_invalid:{field}")
        reading[field] = value
    for vital in VITALS:
        value = _number(message, vital, integer=vital in INTEGER_VITALS)
        low, high = VALID_RANGES[vital]
        if value is not None and not low <= value <= high:
            raise BadReading(f"out_of_range:{vital}")
        reading[vital] = value
    if all(reading[vital] is None for vital in VITALS):
        raise BadReading("missing_or_invalid:no_vitals")
    if reading["systolic"] is not None and reading["diastolic"] is not None \
            and reading["diastolic"] >= reading["systolic"]:
        raise BadReading("out_of_range:diastolic")
    if kafka_ts_ms is not None and not (
            kafka_ts_ms - PAST_TOLERANCE_MS <= reading["measured_at"] <= kafka_ts_ms + FUTURE_TOLERANCE_MS):
        raise BadReading("implausible_time:measured_at")
    return reading


def read_message(text: str, keys: Mapping[str, bytes]) -> tuple[dict, bool]:
    """JSON text -> (reading fields as sent, was it encrypted)."""
    try:
        message = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError, TypeError):
        raise BadReading("not_json") from None
    if not isinstance(message, dict):
        raise BadReading("not_json")
    if not is_envelope(message):
        return message, False
    try:
        return open_reading(message, keys), True
    except EnvelopeError as exc:
        raise BadReading(f"undecryptable:{exc}") from None


def parse_reading(text: str | None, keys: Mapping[str, bytes], kafka_ts_ms: int | None, rules: Rules) -> dict:
    """One record -> output row: reading columns, encrypted, news2, evaluations, error.

    A record that fails has `error` set and no reading.
    """
    row = dict.fromkeys(READING_COLUMNS)
    row.update(encrypted=None, news2=None, evaluations=None, error=None)
    try:
        if text is None:
            raise BadReading("not_json")
        message, encrypted = read_message(text, keys)
        reading = check_reading(message, kafka_ts_ms)
    except BadReading as exc:
        row["error"] = str(exc)[:500]
        return row
    row.update(reading)
    row["encrypted"] = encrypted
    row["news2"] = news2_score(reading, rules)
    row["evaluations"] = evaluate(reading, rules)
    return row


def load_keys(text: str | None) -> dict[str, bytes]:
    """Device keys from the keys file content or environment value; none means envelopes fail."""
    if not text:
        return {}
    try:
        return parse_keys(text)
    except EnvelopeError as exc:
        raise ValueError(f"vitals keys: {exc}") from None
