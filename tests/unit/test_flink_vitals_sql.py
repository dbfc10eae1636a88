"""The vitals job's SQL on in-memory readings: one alert per sustained episode, none for normal
readings, minute aggregates, latest values, and dead letters for bad, undecryptable and late records."""

from __future__ import annotations

import base64
import json
import os

import pytest

from flink_jobs.secrets import SecretSource
from flink_jobs.vitals import job
from generator.vitals_envelope import seal_reading
from hospital.settings import Settings
from tests.unit.flink_local import all_rows, final_state, local_env, swapped_tables

KEYS_ENV = "HOSPITAL_TEST_VITALS_KEYS"
KEY = bytes(range(32))
T0 = (1_795_000_000_000 // 60_000) * 60_000 + 20_000  # 20 s into an event-time minute
TOPIC = "vitals.raw"


def reading(patient_id, offset_s, heart_rate, **changes):
    return {"device_id": 100 + patient_id, "patient_id": patient_id, "measured_at": T0 + offset_s * 1000,
            "heart_rate": heart_rate, "systolic": 120, "diastolic": 80, "temperature_c": 36.8, "spo2": 97,
            "respiratory_rate": 16, **changes}


def record(message, offset_s):
    text = message if isinstance(message, str) else json.dumps(message)
    return (TOPIC, text, T0 + offset_s * 1000)


def scenario():
    records = []
    for second in range(45):
        records.append(record(reading(1, second, 150), second))  # tachycardia, sustained
        records.append(record(reading(2, second, 80), second))  # normal
        if second == 10:
            records.append(record("{not json", second))
            sealed = json.loads(seal_reading(reading(3, second, 70), "ward-a", KEY))
            records.append(record(json.dumps({**sealed, "kid": "unknown"}), second))
            records.append(record(seal_reading(reading(3, second, 71), "ward-a", KEY).decode(), second))
        if second == 20:
            records.append(record(reading(2, 5, 80), second))  # 15 s late: the watermark is 2 s behind
    return records


@pytest.fixture(scope="module")
def env():
    os.environ[KEYS_ENV] = json.dumps({"ward-a": base64.b64encode(KEY).decode()})
    from flink_jobs.environment import local_config, table_environment

    # A watermark after every record (instead of every 200 ms) makes "late" deterministic here.
    t_env = table_environment({**local_config("unit-test"), "pipeline.auto-watermark-interval": "0 ms"})
    tables = swapped_tables(job.production_tables(Settings(postgres={"password": "x"})), "vitals_raw", scenario(),
                            job.SINKS)
    job.build(t_env, tables, SecretSource(KEYS_ENV), job.rules())
    return t_env


def test_one_alert_per_sustained_episode_and_none_for_normal(env):
    alerts = all_rows(env, "vitals_alerts", "alert_id, patient_id, rule_id, severity, measured_at, run_started_ms")
    assert [(a["patient_id"], a["rule_id"]) for a in alerts] == [(1, "tachycardia")]
    alert = alerts[0]
    assert alert["run_started_ms"] == T0 and alert["measured_at"] == T0 + 30_000  # first reading at 30 s held
    assert alert["severity"] == "high" and alert["alert_id"] == f"1:tachycardia:{T0 + 30_000}"


def test_minute_aggregates_and_latest(env):
    minutes = final_state(env, "vitals_minute", ("patient_id", "window_start"))
    patient_1 = sorted((row for key, row in minutes.items() if key[0] == 1), key=lambda r: r["window_start"])
    assert [r["readings"] for r in patient_1] == [40, 5]  # 20 s .. 59 s, then 60 s .. 64 s
    assert patient_1[0]["heart_rate_max"] == 150 and patient_1[0]["news2_max"] == 3
    latest = final_state(env, "vitals_latest", ("patient_id",))
    assert latest[(1,)]["measured_at"] == T0 + 44_000
    assert latest[(3,)]["heart_rate"] == 71 and latest[(3,)]["encrypted"] is True


def test_dead_letters(env):
    reasons = sorted(row["reason"].split(":")[0] + (":late" if "late" in row["reason"] else "")
                     for row in all_rows(env, "vitals_dead_letters", "reason"))
    assert reasons == ["late:late", "not_json", "undecryptable"]
