"""Vitals simulation: deterministic, plausible, with deterioration episodes. No services."""

from __future__ import annotations

import pytest

from generator.vitals_envelope import READING_FIELDS
from generator.vitals_model import VitalsModel
from generator.vitals_send import RandomNonces, device_key, encode_value

DEVICES = [(d, 100 + d // 2, None) for d in range(1, 21)]


def readings(model: VitalsModel, count: int) -> list[dict]:
    return [model.next_reading(1_700_000_000_000 + i)[0] for i in range(count)]


def test_same_seed_same_readings():
    assert readings(VitalsModel(5, DEVICES), 500) == readings(VitalsModel(5, DEVICES), 500)
    assert readings(VitalsModel(5, DEVICES), 500) != readings(VitalsModel(6, DEVICES), 500)


def test_readings_have_every_field_and_plausible_values():
    for reading in readings(VitalsModel(1, DEVICES, episode_chance=0.0), 2000):
        assert tuple(reading) == READING_FIELDS
        assert 40 <= reading["heart_rate"] <= 120
        assert 80 <= reading["systolic"] <= 170 and 40 <= reading["diastolic"] < reading["systolic"]
        assert 35.5 <= reading["temperature_c"] <= 38.0
        assert 90 <= reading["spo2"] <= 100
        assert 6 <= reading["respiratory_rate"] <= 26
        assert reading["patient_id"] == 100 + reading["device_id"] // 2


def test_every_device_reports_in_turn():
    counts = {}
    for reading in readings(VitalsModel(1, DEVICES), 200):
        counts[reading["device_id"]] = counts.get(reading["device_id"], 0) + 1
    assert set(counts.values()) == {10}


def test_episodes_bring_alarming_values():
    model = VitalsModel(2, DEVICES, episode_chance=0.05)
    values = readings(model, 6000)
    assert max(r["heart_rate"] for r in values) >= 140
    assert min(r["spo2"] for r in values) <= 88
    assert max(r["systolic"] for r in values) >= 180
    # An episode is sustained, not a single spike: some device stays tachycardic for many readings.
    by_device = {}
    for r in values:
        by_device.setdefault(r["device_id"], []).append(r["heart_rate"] >= 130)
    longest = max(longest_run(flags) for flags in by_device.values())
    assert longest >= 10


def longest_run(flags: list[bool]) -> int:
    best = run = 0
    for flag in flags:
        run = run + 1 if flag else 0
        best = max(best, run)
    return best


def test_a_device_keeps_its_key():
    model = VitalsModel(1, [(7, 1, "k2"), (8, 1, None), (9, 1, "gone")])
    keys = {"k1": bytes(32), "k2": bytes(32)}
    chosen = {d.device_id: device_key(d, keys, sorted(keys)) for d in model.devices}
    assert chosen[7] == "k2"
    assert chosen[8] in keys and chosen[9] in keys


def test_encode_value_is_clear_without_keys():
    model = VitalsModel(1, DEVICES)
    reading, device = model.next_reading(1)
    assert b"heart_rate" in encode_value(reading, device, {}, [])
    assert b"heart_rate" not in encode_value(reading, device, {"k": bytes(32)}, ["k"])


def test_needs_devices():
    with pytest.raises(ValueError):
        VitalsModel(1, [])


def test_bulk_drawn_nonces_are_unique_and_sized():
    source = RandomNonces(per_draw=8)
    nonces = [source.next() for _ in range(100)]
    assert all(len(n) == 12 for n in nonces)
    assert len(set(nonces)) == 100


def test_a_stream_starts_with_the_steady_share_of_devices_in_an_episode():
    from generator.vitals_model import steady_episode_share

    devices = [(d, d, None) for d in range(1, 4001)]
    share = steady_episode_share(0.0005)
    assert 0.04 < share < 0.06
    model = VitalsModel(3, devices)
    assert abs(model.episodes_active / len(devices) - share) < 0.015
    # Part-way through, not all at onset: some already alarming on their first reading.
    first = [model.next_reading(1)[0] for _ in devices]
    assert sum(r["heart_rate"] > 130 or r["spo2"] < 90 or r["systolic"] > 180 for r in first) >= 20
    assert VitalsModel(3, devices, episode_chance=0.0).episodes_active == 0
