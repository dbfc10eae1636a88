"""Where a change lands in the lake. Pure: names only, no I/O.

Layout: <layer>/<dataset>/dt=YYYY-MM-DD/hr=HH/<topic>-<partition>-<first>-<last>.parquet

dt/hr are the UTC hour of the source commit (Debezium source.ts_ms), falling back to the
Kafka record timestamp (Flink outputs carry no commit time). Both are stored in the log,
so a replay puts every event in the same hour as the first run; the consumer's clock is
never used.

A file covers one aligned offset range of one topic partition ([k*span, (k+1)*span)),
not one poll: polls split differently on a replay, aligned ranges do not. A batch that
reaches a range already on disk rewrites that file with the union, so a replay rewrites
the same names with the same content.
"""

from __future__ import annotations

from datetime import datetime, timezone

LAYERS = ("raw", "curated")
OFFSET_DIGITS = 20  # zero-padded so names sort in offset order
HOUR_MS = 3_600_000


def hour_partition(ts_ms: int) -> tuple[str, str]:
    """(dt, hr) strings of the UTC hour containing ts_ms."""
    moment = datetime.fromtimestamp(ts_ms / 1000, tz=timezone.utc)
    return moment.strftime("%Y-%m-%d"), moment.strftime("%H")


def event_time_ms(source_ts_ms: int, kafka_ts_ms: int) -> int:
    return source_ts_ms if source_ts_ms > 0 else kafka_ts_ms


def offset_range(offset: int, span: int) -> tuple[int, int]:
    first = offset // span * span
    return first, first + span - 1


def file_name(topic: str, partition: int, offset: int, span: int) -> str:
    first, last = offset_range(offset, span)
    return f"{topic}-{partition}-{first:0{OFFSET_DIGITS}d}-{last:0{OFFSET_DIGITS}d}.parquet"


def file_path(layer: str, dataset: str, dt: str, hr: str, name: str) -> str:
    if layer not in LAYERS:
        raise ValueError(f"unknown lake layer {layer!r}")
    return f"{layer}/{dataset}/dt={dt}/hr={hr}/{name}"


def dataset_prefix(layer: str, dataset: str) -> str:
    return f"{layer}/{dataset}/"
