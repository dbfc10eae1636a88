"""Helpers for the lake integration tests: a bounded consumer run, the GCS emulator, source rows."""

from __future__ import annotations

import io
import socket
import subprocess
import time
from dataclasses import dataclass, field

import pyarrow.parquet as pq
from kafka import KafkaConsumer, TopicPartition

from consumers.lake import emulator
from consumers.lake.runner import LakeLoop


@dataclass
class BoundedLakeLoop(LakeLoop):
    """Consumes exactly the offsets below `ends` per partition, then stops.

    Two runs with the same ends see the same events even while other writers keep
    appending to the topics, so their files can be compared byte for byte.
    """

    ends: dict = field(default_factory=dict)
    seen: dict = field(default_factory=dict)

    def process(self, records, producer) -> None:
        for record in records:
            slot = (record.topic, record.partition)
            self.seen[slot] = max(self.seen.get(slot, -1), record.offset)
        super().process([r for r in records if r.offset < self.ends.get((r.topic, r.partition), 0)], producer)
        if self.done():
            self.stop()

    def done(self) -> bool:
        return all(self.seen.get(slot, -1) >= end - 1 for slot, end in self.ends.items() if end > 0)


def end_offsets(bootstrap: str, topics: list[str]) -> dict:
    consumer = KafkaConsumer(bootstrap_servers=bootstrap)
    try:
        partitions = [TopicPartition(t, p) for t in topics for p in consumer.partitions_for_topic(t) or ()]
        return {(tp.topic, tp.partition): end for tp, end in consumer.end_offsets(partitions).items()}
    finally:
        consumer.close()


def run_bounded(settings, sink, topics: list[str], ends: dict, group_id: str, pseudonym_key: str,
                idle_s: float = 30.0) -> BoundedLakeLoop:
    loop = BoundedLakeLoop(sink=sink, topics=topics, group_id=group_id,
                           bootstrap_servers=settings.kafka.bootstrap_servers, pseudonym_key=pseudonym_key,
                           max_records=2000, ends=ends)
    loop.run(until_idle_s=idle_s)
    assert loop.done(), f"lake loop stopped before the end offsets: seen {loop.seen}, ends {ends}"
    return loop


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class EmulatorProcess:
    """fake-gcs-server in memory on a free port, for one test session."""

    def __init__(self, settings):
        binary = emulator.binary(settings)
        assert binary.exists(), f"{binary} missing: run `make bootstrap` (scripts/install_gcs_emulator.sh)"
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(emulator.command(settings, self.port, backend="memory"),
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while not emulator.answers(self.port):
            if self.process.poll() is not None or time.monotonic() > deadline:
                output = self.process.stdout.read().decode(errors="replace") if self.process.stdout else ""
                self.stop()
                raise AssertionError(f"GCS emulator did not start on {self.endpoint}: {output[-2000:]}")
            time.sleep(0.2)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def snapshot(store) -> dict[str, bytes]:
    return {path: store.read(path) for path in store.list()}


def decoded_text(data: bytes) -> str:
    """Every value of a Parquet file as text (files are compressed: raw bytes hide clear text)."""
    return repr(pq.read_table(io.BytesIO(data)).to_pylist())
