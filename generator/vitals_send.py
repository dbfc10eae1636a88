"""Sends device readings to Kafka (`vitals.raw`) at a steady rate, on a background thread.

Key = device id as decimal ASCII bytes, so one device's readings stay in order on one
partition. With a keys file configured, each value is an AES-GCM envelope
(generator/vitals_envelope.py); otherwise the clear JSON reading.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Mapping

from generator.token_bucket import TokenBucket
from generator.vitals_envelope import NONCE_BYTES, encode_reading, seal_reading
from generator.vitals_model import DeviceState, VitalsModel

MAX_BATCH = 2000  # readings sent between two rate checks when running flat out


def device_key(device: DeviceState, keys: Mapping[str, bytes], key_order: list[str]) -> str:
    """The device's own key when known; otherwise a stable pick, so a device keeps one key."""
    if device.key_id in keys:
        return device.key_id
    return key_order[device.device_id % len(key_order)]


class RandomNonces:
    """Random 96-bit GCM nonces, drawn from the OS in bulk.

    One os.urandom call per reading cost ~25 us here (a third of the sending time); a
    slice of a bulk draw is just as random, so nonces stay unique per key with the same
    odds as single draws.
    """

    def __init__(self, per_draw: int = 1024):
        self.per_draw = per_draw
        self.pool = b""
        self.position = 0

    def next(self) -> bytes:
        if self.position >= len(self.pool):
            self.pool = os.urandom(NONCE_BYTES * self.per_draw)
            self.position = 0
        self.position += NONCE_BYTES
        return self.pool[self.position - NONCE_BYTES:self.position]


def encode_value(reading: dict, device: DeviceState, keys: Mapping[str, bytes] | None,
                 key_order: list[str], nonce: bytes | None = None) -> bytes:
    if not keys:
        return encode_reading(reading)
    kid = device_key(device, keys, key_order)
    return seal_reading(reading, kid, keys[kid], nonce)


class VitalsSender(threading.Thread):
    """Produces `rate` readings/s (None: as fast as possible) until `stop` is set."""

    def __init__(self, producer, topic: str, model: VitalsModel, rate: float | None,
                 keys: Mapping[str, bytes] | None, stop: threading.Event,
                 clock: Callable[[], float] = time.time):
        super().__init__(name="vitals-sender", daemon=True)
        self.producer = producer
        self.topic = topic
        self.model = model
        self.rate = rate
        self.keys = dict(keys or {})
        self.key_order = sorted(self.keys)
        self.nonces = RandomNonces()
        self.stop_event = stop
        self.clock = clock
        self.queued = 0
        self.sent = 0  # acknowledged by the broker
        self.errors = 0
        self.last_error: str | None = None
        self.crashed: BaseException | None = None
        self.started = time.monotonic()
        self.finished: float | None = None  # when the last reading was acknowledged

    @property
    def seconds(self) -> float:
        return (self.finished or time.monotonic()) - self.started

    def run(self) -> None:
        self.started = time.monotonic()
        try:
            self.send_loop()
        except BaseException as exc:  # reported by the caller; a thread cannot raise to it
            self.crashed = exc

    def send_loop(self) -> None:
        bucket = TokenBucket(self.rate, capacity=max(1.0, self.rate * 0.1)) if self.rate else None
        while not self.stop_event.is_set():
            if bucket is None:
                count = MAX_BATCH
            else:
                count, wait = bucket.reserve()
                if wait > 0:
                    self.stop_event.wait(min(wait, 0.1))
                    continue
            self.send(count)

    def send(self, count: int) -> None:
        for _ in range(count):
            reading, device = self.model.next_reading(int(self.clock() * 1000))
            nonce = self.nonces.next() if self.keys else None
            value = encode_value(reading, device, self.keys, self.key_order, nonce)
            future = self.producer.send(self.topic, key=str(device.device_id).encode("ascii"), value=value)
            future.add_callback(self.on_sent)
            future.add_errback(self.on_error)
            self.queued += 1

    def on_sent(self, _metadata) -> None:
        self.sent += 1

    def on_error(self, exc) -> None:
        self.errors += 1
        self.last_error = str(exc)

    def close(self, timeout: float = 10.0) -> None:
        """Stop sending and wait until every queued reading is acknowledged (or timeout)."""
        self.stop_event.set()
        self.join(timeout)
        self.producer.flush(timeout=timeout)
        self.finished = time.monotonic()
        self.producer.close(timeout=timeout)
