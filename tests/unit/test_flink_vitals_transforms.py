"""vitals' pure logic: reading contracts, decryption, NEWS2 bands and rule evaluation, at the boundaries."""

from __future__ import annotations

import base64
import json

import pytest

from flink_jobs.vitals import errors
from flink_jobs.vitals.settings import RULES_FILE
from flink_jobs.vitals.transforms import (
    FUTURE_TOLERANCE_MS, VALID_RANGES, RulesError, check_reading, evaluate, load_keys, load_rules, news2_score,
    parse_reading, rules_from_dict,
)
from generator.vitals_envelope import seal_reading

RULES = load_rules(RULES_FILE)
NOW = 1_795_000_000_000
KEY = bytes(range(32))
KEYS = {"ward-a": KEY}


def reading(**changes) -> dict:
    base = {"device_id": 11, "patient_id": 7, "measured_at": NOW, "heart_rate": 76, "systolic": 120,
            "diastolic": 80, "temperature_c": 36.8, "spo2": 97, "respiratory_rate": 16}
    return {**base, **changes}


def parse(message, kafka_ts=NOW, keys=KEYS) -> dict:
    text = message if isinstance(message, str) else json.dumps(message)
    return parse_reading(text, keys, kafka_ts, RULES)


def test_clear_reading_is_typed_scored_and_evaluated():
    row = parse(reading())
    assert row["error"] is None and row["encrypted"] is False
    assert row["heart_rate"] == 76 and row["temperature_c"] == 36.8
    assert row["news2"] == 0
    ids = {e.rule_id for e in row["evaluations"]}
    assert "tachycardia" in ids and "news2_high" in ids
    assert not any(e.met for e in row["evaluations"])


def test_envelope_is_decrypted():
    sealed = seal_reading(reading(heart_rate=151), "ward-a", KEY).decode()
    row = parse(sealed)
    assert row["error"] is None and row["encrypted"] is True and row["heart_rate"] == 151


@pytest.mark.parametrize("mutate,reason", [
    (lambda env: {**env, "kid": "ward-z"}, "undecryptable:unknown key id 'ward-z'"),
    (lambda env: {**env, "device_id": 12}, "undecryptable:authentication failed"),
    (lambda env: {**env, "ct": base64.b64encode(b"x" * 40).decode()}, "undecryptable:authentication failed"),
    (lambda env: {**env, "nonce": "%%%"}, "undecryptable:nonce is not valid base64"),
])
def test_bad_envelopes_are_undecryptable(mutate, reason):
    envelope = json.loads(seal_reading(reading(), "ward-a", KEY))
    row = parse(mutate(envelope))
    assert row["error"].startswith(reason), row["error"]
    assert row["patient_id"] is None


def test_without_keys_every_envelope_fails():
    assert parse(seal_reading(reading(), "ward-a", KEY).decode(), keys={})["error"].startswith("undecryptable:")


@pytest.mark.parametrize("text,reason", [
    ("{oops", "not_json"), ("42", "not_json"), (None, "not_json"),
])
def test_malformed_records(text, reason):
    assert parse_reading(text, KEYS, NOW, RULES)["error"] == reason


@pytest.mark.parametrize("vital", sorted(VALID_RANGES))
def test_range_boundaries(vital):
    low, high = VALID_RANGES[vital]
    fine = {"systolic": 200} if vital == "diastolic" else {}
    if vital == "systolic":
        fine = {"diastolic": low - 10 if low > 30 else 20}
    for ok_value in (low, high):
        assert check_reading(reading(**{**fine, vital: ok_value}), NOW)[vital] == ok_value
    step = 1 if isinstance(low, int) else 0.1
    for bad in (low - step, high + step):
        with pytest.raises(ValueError, match=f"out_of_range:{vital}"):
            check_reading(reading(**{**fine, vital: bad}), NOW)


def test_contract_violations():
    assert parse(reading(patient_id=None))["error"] == "missing_or_invalid:patient_id"
    assert parse(reading(heart_rate="fast"))["error"] == "missing_or_invalid:heart_rate"
    assert parse(reading(heart_rate=80.5))["error"] == "missing_or_invalid:heart_rate"
    assert parse(reading(diastolic=120, systolic=120))["error"] == "out_of_range:diastolic"
    assert parse({"device_id": 1, "patient_id": 2, "measured_at": NOW})["error"] == "missing_or_invalid:no_vitals"
    for reason in ("missing_or_invalid:x", "out_of_range:x", "not_json", "undecryptable:x", "late:x",
                   "implausible_time:x"):
        assert errors.reason_kind(reason) in errors.REASON_KINDS


def test_measured_at_must_be_near_the_kafka_time():
    assert parse(reading(measured_at=NOW + FUTURE_TOLERANCE_MS))["error"] is None
    assert parse(reading(measured_at=NOW + FUTURE_TOLERANCE_MS + 1))["error"] == "implausible_time:measured_at"
    assert parse(reading(measured_at=NOW - 25 * 3600 * 1000))["error"] == "implausible_time:measured_at"


def test_partial_readings_skip_what_they_cannot_inform():
    row = parse(reading(spo2=None, temperature_c=None))
    assert row["error"] is None and row["news2"] is None
    ids = {e.rule_id for e in row["evaluations"]}
    assert "hypoxaemia" not in ids and "news2_high" not in ids and "tachycardia" in ids


@pytest.mark.parametrize("vital,value,points", [
    ("respiratory_rate", 8, 3), ("respiratory_rate", 9, 1), ("respiratory_rate", 11, 1),
    ("respiratory_rate", 12, 0), ("respiratory_rate", 20, 0), ("respiratory_rate", 21, 2),
    ("respiratory_rate", 24, 2), ("respiratory_rate", 25, 3),
    ("spo2", 91, 3), ("spo2", 92, 2), ("spo2", 93, 2), ("spo2", 94, 1), ("spo2", 95, 1), ("spo2", 96, 0),
    ("temperature_c", 35.0, 3), ("temperature_c", 35.1, 1), ("temperature_c", 36.0, 1),
    ("temperature_c", 36.1, 0), ("temperature_c", 38.0, 0), ("temperature_c", 38.1, 1),
    ("temperature_c", 39.0, 1), ("temperature_c", 39.1, 2),
    ("systolic", 90, 3), ("systolic", 91, 2), ("systolic", 100, 2), ("systolic", 101, 1), ("systolic", 110, 1),
    ("systolic", 111, 0), ("systolic", 219, 0), ("systolic", 220, 3),
    ("heart_rate", 40, 3), ("heart_rate", 41, 1), ("heart_rate", 50, 1), ("heart_rate", 51, 0),
    ("heart_rate", 90, 0), ("heart_rate", 91, 1), ("heart_rate", 110, 1), ("heart_rate", 111, 2),
    ("heart_rate", 130, 2), ("heart_rate", 131, 3),
])
def test_news2_bands(vital, value, points):
    # The other parameters sit in their 0-point bands.
    assert news2_score(reading(**{vital: value, "diastolic": 30}), RULES) == points


def test_news2_alert_bands():
    def met(score_reading):
        return {e.rule_id for e in evaluate(score_reading, RULES) if e.met}

    four = reading(respiratory_rate=21, spo2=94, temperature_c=38.1)  # 2 + 1 + 1
    five = reading(respiratory_rate=21, spo2=94, temperature_c=38.1, heart_rate=91)
    six = reading(respiratory_rate=21, spo2=93, temperature_c=38.1, heart_rate=91)
    seven = reading(respiratory_rate=25, spo2=93, temperature_c=38.1, heart_rate=91)
    assert news2_score(four, RULES) == 4 and not met(four) & {"news2_medium", "news2_high"}
    assert news2_score(five, RULES) == 5 and "news2_medium" in met(five)
    assert news2_score(six, RULES) == 6 and "news2_medium" in met(six) and "news2_high" not in met(six)
    assert news2_score(seven, RULES) == 7 and "news2_high" in met(seven) and "news2_medium" not in met(seven)


@pytest.mark.parametrize("heart_rate,met", [(130, False), (131, True), (150, True), (80, False)])
def test_tachycardia_threshold_is_strict(heart_rate, met):
    evaluation = next(e for e in evaluate(reading(heart_rate=heart_rate), RULES) if e.rule_id == "tachycardia")
    assert evaluation.met is met
    assert evaluation.sustained_seconds == 30 and evaluation.severity == "high"
    assert evaluation.episode_gap_seconds == RULES.episode_gap_seconds


def test_rules_file_validation():
    base = {"severities": ["low", "high"], "news2": {"bands": {v: [[None, 0]] for v in
            ("respiratory_rate", "spo2", "temperature_c", "systolic", "heart_rate")}}}
    assert rules_from_dict(base).thresholds == ()
    bad_rules = [
        {"thresholds": [{"id": "a", "vital": "heart_rate", "above": 1, "below": 2, "severity": "high"}]},
        {"thresholds": [{"id": "a", "vital": "pulse", "above": 1, "severity": "high"}]},
        {"thresholds": [{"id": "a", "vital": "heart_rate", "above": 1, "severity": "critical"}]},
        {"thresholds": [{"id": "a", "vital": "heart_rate", "above": 1, "severity": "high"},
                        {"id": "a", "vital": "spo2", "below": 1, "severity": "high"}]},
        {"thresholds": [{"id": "a", "vital": "heart_rate", "above": 1, "severity": "high", "sustained_seconds": -1}]},
        {"news2": {"bands": {"spo2": [[91, 3]]}}},
    ]
    for extra in bad_rules:
        with pytest.raises(RulesError):
            rules_from_dict({**base, **extra})


def test_keys_loading():
    assert load_keys(None) == {}
    text = json.dumps({"ward-a": base64.b64encode(KEY).decode()})
    assert load_keys(text) == KEYS
    with pytest.raises(ValueError, match="vitals keys"):
        load_keys('{"ward-a": "c2hvcnQ="}')
