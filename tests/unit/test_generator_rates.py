"""Token bucket rate limiting and the CLI's rate options. No services."""

from __future__ import annotations

import math

import click
import pytest

from generator.cli import Rate, VitalsRate
from generator.token_bucket import TokenBucket


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_bucket_grants_the_rate_over_time():
    clock = FakeClock()
    bucket = TokenBucket(200, capacity=10, clock=clock)
    granted = 0
    for _ in range(1000):  # 10 simulated seconds in 10 ms steps
        clock.now += 0.01
        taken, wait = bucket.reserve()
        granted += taken
    assert 1990 <= granted <= 2000


def test_overrun_is_paid_back():
    clock = FakeClock()
    bucket = TokenBucket(10, capacity=5, clock=clock)
    clock.now = 1.0
    taken, _ = bucket.reserve()
    assert taken == 5  # capped by capacity
    bucket.settle(taken, 25)  # the transactions planned were bigger than the budget
    taken, wait = bucket.reserve()
    assert taken == 0 and wait == pytest.approx(2.1)


def test_unused_tokens_are_returned():
    clock = FakeClock()
    bucket = TokenBucket(10, capacity=5, clock=clock)
    clock.now = 1.0
    taken, _ = bucket.reserve()
    bucket.settle(taken, 2)
    assert bucket.reserve()[0] == 3


def test_rate_must_be_positive():
    with pytest.raises(ValueError):
        TokenBucket(0)


@pytest.mark.parametrize("text,expected", [("max", math.inf), ("MAX", math.inf), ("0", math.inf), ("250", 250.0),
                                           ("12.5", 12.5)])
def test_rate_option(text, expected):
    assert Rate().convert(text, None, None) == expected


def test_vitals_rate_zero_means_off():
    assert VitalsRate().convert("0", None, None) == 0.0
    assert VitalsRate().convert("max", None, None) == math.inf


@pytest.mark.parametrize("text", ["-5", "fast"])
def test_bad_rates_are_rejected(text):
    with pytest.raises(click.BadParameter):
        Rate().convert(text, None, None)
