"""A change together with where it sits in Kafka: the lake names files after positions."""

from __future__ import annotations

from dataclasses import dataclass

from consumers.core.changes import Change


@dataclass(frozen=True)
class LocatedChange:
    change: Change
    topic: str
    partition: int
    offset: int
    kafka_ts_ms: int
