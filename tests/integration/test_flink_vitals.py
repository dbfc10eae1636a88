"""The vitals job on the running cluster, with readings sent in real time (event time = now):
a heart rate of 150 sustained past the rule's window raises exactly one alert, 80 raises none;
an undecryptable envelope and malformed JSON land in dlq.vitals while good readings keep flowing."""

from __future__ import annotations

import json
import random
import time

import pytest

from flink_jobs.vitals.job import rules
from tests.integration.flink_helpers import TopicTail, analytics_rows, jobs_running, producer, wait_for

pytestmark = pytest.mark.integration
TIMEOUT = 120


def reading(patient_id: int, heart_rate: int) -> dict:
    return {"device_id": patient_id + 1_000_000_000, "patient_id": patient_id, "measured_at": int(time.time() * 1000),
            "heart_rate": heart_rate, "systolic": 121, "diastolic": 79, "temperature_c": 36.9, "spo2": 97,
            "respiratory_rate": 15}


@pytest.fixture(scope="module")
def run(stack):
    """Send one reading per second per test patient for the tachycardia window plus a margin,
    and the bad records part way through; return what was sent."""
    settings = stack
    jobs_running(settings)
    sustained = next(r for r in rules().thresholds if r.id == "tachycardia").sustained_seconds
    # Patient ids far above the seeded ones: the vitals job does not look patients up.
    base = random.randint(10**9, 2 * 10**9)
    sent = {"high": base, "normal": base + 1, "marker": f"bad-{base}"}
    dlq = TopicTail(settings, "dlq.vitals")
    alerts = TopicTail(settings, "alerts.vitals")
    kafka = producer(settings)
    topic = settings.kafka.vitals_topic
    try:
        for second in range(sustained + 8):
            for patient, heart_rate in ((sent["high"], 150), (sent["normal"], 80)):
                value = reading(patient, heart_rate)
                kafka.send(topic, key=str(value["device_id"]).encode(), value=json.dumps(value).encode())
            if second == 3:
                kafka.send(topic, key=sent["marker"].encode(), value=b'{"device_id": 7, "heart_rate": ')
                envelope = {"v": 1, "kid": "no-such-key", "device_id": 7, "nonce": "AAAAAAAAAAAAAAAA",
                            "ct": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}
                kafka.send(topic, key=sent["marker"].encode(), value=json.dumps(envelope).encode())
            kafka.flush()
            time.sleep(1)
        yield settings, sent, dlq, alerts
    finally:
        kafka.close()
        dlq.close()
        alerts.close()


def test_sustained_heart_rate_raises_exactly_one_alert(run):
    settings, sent, _, alerts = run
    rows = wait_for(lambda: analytics_rows(settings, "SELECT * FROM vitals_alerts WHERE patient_id = %s",
                                           (sent["high"],)),
                    lambda found: bool(found), TIMEOUT, what="the tachycardia alert in vitals_alerts")
    time.sleep(5)  # a second alert for the same episode would have arrived by now
    rows = analytics_rows(settings, "SELECT * FROM vitals_alerts WHERE patient_id IN (%s, %s)",
                          (sent["high"], sent["normal"]))
    assert [(r["patient_id"], r["rule_id"], r["severity"]) for r in rows] == [(sent["high"], "tachycardia", "high")]
    assert rows[0]["measured_at"] - rows[0]["run_started_ms"] >= 30_000
    on_topic = alerts.values(lambda v: v["patient_id"] in (sent["high"], sent["normal"]))
    assert [v["alert_id"] for v in on_topic] == [rows[0]["alert_id"]]


def test_bad_records_go_to_dead_letters_while_good_ones_flow(run):
    settings, sent, dlq, _ = run
    letters = wait_for(lambda: dlq.values(lambda v: v["record_key"] == sent["marker"]),
                       lambda found: len(found) >= 2, TIMEOUT, what="two dead letters")
    reasons = sorted(letter["reason"].split(":")[0] for letter in letters)
    assert reasons == ["not_json", "undecryptable"]
    for letter in letters:
        assert letter["source_topic"] == settings.kafka.vitals_topic
        assert letter["source_partition"] is not None and letter["source_offset"] is not None
        assert letter["payload"].startswith("{")
    latest = analytics_rows(settings, "SELECT * FROM vitals_latest WHERE patient_id IN (%s, %s)",
                            (sent["high"], sent["normal"]))
    assert {(r["patient_id"], r["heart_rate"]) for r in latest} == {(sent["high"], 150), (sent["normal"], 80)}
    assert time.time() * 1000 - max(r["measured_at"] for r in latest) < 60_000  # readings after the bad ones


def test_minute_aggregates_are_written(run):
    """A minute closes once the watermark passes its end: keep readings coming until it does."""
    settings, sent, _, _ = run
    kafka = producer(settings)

    def closed_minutes():
        value = reading(sent["normal"], 80)
        kafka.send(settings.kafka.vitals_topic, key=str(value["device_id"]).encode(), value=json.dumps(value).encode())
        kafka.flush()
        return analytics_rows(settings, "SELECT * FROM vitals_minute WHERE patient_id = %s", (sent["normal"],))

    try:
        rows = wait_for(closed_minutes, lambda found: bool(found), TIMEOUT, what="a closed minute in vitals_minute")
    finally:
        kafka.close()
    assert all(r["heart_rate_min"] == r["heart_rate_max"] == 80 for r in rows)
    assert all(1 <= r["readings"] <= 60 and r["news2_max"] == 0 for r in rows)
