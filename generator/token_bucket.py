"""Rate limiting by token bucket: a steady average rate with small bursts."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable


class TokenBucket:
    """`rate` tokens per second, at most `capacity` saved up. Safe to share between threads.

    Callers take whole work items (a transaction of 4 rows, a batch of readings), so
    the balance may go negative; the debt is paid back before anyone gets more, which
    keeps the long-run average exact even when items exceed the budget.
    """

    def __init__(self, rate: float, capacity: float | None = None, clock: Callable[[], float] = time.monotonic):
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = rate
        self.capacity = capacity if capacity is not None else max(1.0, rate * 0.05)
        self.clock = clock
        self.tokens = 0.0
        self.updated = clock()
        self.lock = threading.Lock()

    def _refill(self) -> float:
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        return self.tokens

    def reserve(self) -> tuple[int, float]:
        """(granted, wait): take every whole token available now, or say how long until one is."""
        with self.lock:
            available = self._refill()
            if available < 1:
                return 0, (1 - available) / self.rate
            granted = math.floor(available)
            self.tokens -= granted
            return granted, 0.0

    def settle(self, reserved: float, used: float) -> None:
        """Return unused tokens, or record the overrun as debt."""
        with self.lock:
            self.tokens += reserved - used
