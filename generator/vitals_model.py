"""Device vital signs: per-patient baselines, slow drift, noise and deterioration episodes. Pure.

Episodes give the alerting rules something real to find: a sepsis-like picture
(heart rate ~150, fever, fast breathing, falling pressure), respiratory failure
(SpO2 in the low 80s) or a hypertensive crisis. Each ramps up, holds and recovers.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

VITALS = ("heart_rate", "systolic", "diastolic", "temperature_c", "spo2", "respiratory_rate")

# Episode kind -> values the patient moves towards at full severity.
EPISODES = {
    "sepsis": {"heart_rate": 150, "temperature_c": 39.4, "respiratory_rate": 28, "systolic": 88, "diastolic": 52,
               "spo2": 91},
    "respiratory_failure": {"spo2": 83, "respiratory_rate": 32, "heart_rate": 124},
    "hypertensive_crisis": {"systolic": 192, "diastolic": 118, "heart_rate": 104},
}
EPISODE_READINGS = (40, 160)  # how many of the device's readings an episode lasts
# Per reading. With episodes of 100 readings on average, about 5 % of devices are in an
# episode at any time (steady_episode_share), which is also how a stream starts.
DEFAULT_EPISODE_CHANCE = 0.0005

# (mean, standard deviation, lowest, highest) of a healthy patient's baseline
BASELINES = {
    "heart_rate": (76, 9, 52, 100),
    "systolic": (122, 11, 95, 150),
    "diastolic": (78, 7, 58, 95),
    "temperature_c": (36.8, 0.2, 36.2, 37.4),
    "spo2": (97.5, 1.0, 94, 100),
    "respiratory_rate": (15, 2, 11, 20),
}
NOISE = {"heart_rate": 2.5, "systolic": 3.0, "diastolic": 2.0, "temperature_c": 0.05, "spo2": 0.5,
         "respiratory_rate": 0.8}


@dataclass
class DeviceState:
    device_id: int
    patient_id: int
    key_id: str | None
    baseline: dict
    drift: dict = field(default_factory=lambda: dict.fromkeys(VITALS, 0.0))
    episode: str | None = None
    episode_length: int = 0
    episode_step: int = 0

    def severity(self) -> float:
        """0..1 along the episode: ramp over the first fifth, hold, recover over the last fifth."""
        if self.episode is None:
            return 0.0
        edge = max(1, self.episode_length // 5)
        step = self.episode_step
        return min(1.0, (step + 1) / edge, (self.episode_length - step) / edge)


def steady_episode_share(episode_chance: float) -> float:
    """Long-run share of devices in an episode: mean episode / (mean wait + mean episode)."""
    mean_length = sum(EPISODE_READINGS) / 2
    return episode_chance * mean_length / (1 + episode_chance * mean_length)


def patient_baseline(seed: int, patient_id: int) -> dict:
    """Same patient, same baseline, whichever of their devices reports."""
    rng = random.Random(f"{seed}:baseline:{patient_id}")
    return {name: min(high, max(low, rng.gauss(mean, sd))) for name, (mean, sd, low, high) in BASELINES.items()}


class VitalsModel:
    def __init__(self, seed: int, devices: list[tuple[int, int, str | None]],
                 episode_chance: float = DEFAULT_EPISODE_CHANCE):
        if not devices:
            raise ValueError("no devices to simulate")
        self.rng = random.Random(f"{seed}:vitals")
        self.episode_chance = episode_chance
        self.devices = [DeviceState(d, p, k, patient_baseline(seed, p)) for d, p, k in devices]
        # Devices report in turn, in a seeded order, so every device reports at the same pace.
        self.rng.shuffle(self.devices)
        self.position = 0
        self.episodes_active = 0
        self.start_in_steady_state()

    def start_in_steady_state(self) -> None:
        """A ward always has some patients deteriorating: start as the stream would look after
        running for hours, with that share of devices part-way through an episode."""
        share = steady_episode_share(self.episode_chance)
        for device in self.devices:
            if self.rng.random() < share:
                self.begin_episode(device)
                device.episode_step = self.rng.randrange(device.episode_length)

    def begin_episode(self, device: DeviceState) -> None:
        device.episode = self.rng.choice(sorted(EPISODES))
        device.episode_length = self.rng.randint(*EPISODE_READINGS)
        device.episode_step = 0
        self.episodes_active += 1

    def next_reading(self, measured_at_ms: int) -> tuple[dict, DeviceState]:
        device = self.devices[self.position]
        self.position = (self.position + 1) % len(self.devices)
        self.advance_episode(device)
        return self.reading(device, measured_at_ms), device

    def advance_episode(self, device: DeviceState) -> None:
        if device.episode is None:
            if self.rng.random() < self.episode_chance:
                self.begin_episode(device)
            return
        device.episode_step += 1
        if device.episode_step >= device.episode_length:
            device.episode = None
            self.episodes_active -= 1

    def reading(self, device: DeviceState, measured_at_ms: int) -> dict:
        rng = self.rng
        severity = device.severity()
        targets = EPISODES.get(device.episode, {})
        values = {}
        for name in VITALS:
            # Mean-reverting drift: hour-scale wandering around the baseline.
            drift = device.drift[name] = 0.95 * device.drift[name] + rng.gauss(0, NOISE[name] * 0.3)
            normal = device.baseline[name] + drift
            target = targets.get(name)
            level = normal if target is None else normal + (target - normal) * severity
            values[name] = level + rng.gauss(0, NOISE[name])
        return {
            "device_id": device.device_id,
            "patient_id": device.patient_id,
            "measured_at": measured_at_ms,
            "heart_rate": round(values["heart_rate"]),
            "systolic": round(values["systolic"]),
            "diastolic": round(min(values["diastolic"], values["systolic"] - 15)),
            "temperature_c": round(values["temperature_c"], 1),
            "spo2": min(100, round(values["spo2"])),
            "respiratory_rate": max(4, round(values["respiratory_rate"])),
        }
