"""Driving the whole local pipeline through the `hospital` CLI and supervisord."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from kafka import KafkaAdminClient, KafkaConsumer

from hospital.local.layout import Layout
from hospital.local.supervisor import Supervisor

CONSUMERS = ("clickhouse-consumer", "duckdb-consumer", "lake-consumer")
HOSPITAL = str(Path(sys.executable).parent / "hospital")


def hospital(*args: str, check: bool = True, timeout: float = 600) -> subprocess.CompletedProcess:
    result = subprocess.run([HOSPITAL, *args], capture_output=True, text=True, timeout=timeout)
    if check and result.returncode != 0:
        raise AssertionError(f"hospital {' '.join(args)} exited {result.returncode}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result


def sql_json(engine: str, query: str) -> list[dict]:
    return json.loads(hospital("sql", engine, query, "--format", "json").stdout)


def reconcile(timeout: float = 180) -> dict:
    result = hospital("reconcile", "--json", "--timeout", str(timeout), check=False, timeout=timeout + 300)
    report = json.loads(result.stdout)
    assert (result.returncode == 0) == report["ok"]
    return report


def failures(report: dict) -> list[dict]:
    return [c for c in report["checks"] if not c["ok"]]


def supervisor(settings) -> Supervisor:
    return Supervisor(Layout.of(settings))


def wait_state(settings, name: str, states=("RUNNING",), timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while supervisor(settings).state(name) not in states:
        assert time.monotonic() < deadline, f"{name} not in {states}: {supervisor(settings).info(name)}"
        time.sleep(0.5)


def kill_hard(settings, name: str) -> int:
    pid = supervisor(settings).info(name)["pid"]
    assert pid, f"{name} is not running"
    os.kill(pid, signal.SIGKILL)
    return pid


def topic_ends(settings) -> dict:
    """Every topic's end offsets now: where a later replay can start (see replay_from)."""
    from tests.integration.kafka_groups import current_ends

    consumer = KafkaConsumer(bootstrap_servers=settings.kafka.bootstrap_servers)
    try:
        topics = sorted(consumer.topics())
    finally:
        consumer.close()
    return current_ends(settings.kafka.bootstrap_servers, topics)


def replay_from(settings, service: str, group: str, positions: dict) -> None:
    """Stop a consumer, rewind its group to `positions` (offset 0 for partitions born since), start it.

    Everything after those positions has been consumed already, so this is a replay of
    consumed offsets, bounded by what this test run wrote rather than the topics' history.
    """
    from tests.integration.kafka_groups import commit_positions

    sup = supervisor(settings)
    sup.stop(service)
    admin = KafkaAdminClient(bootstrap_servers=settings.kafka.bootstrap_servers, client_id="e2e-replay")
    try:
        committed = admin.list_group_offsets([group]).get(group) or {}
    finally:
        admin.close()
    rewind = {tp: positions.get(tp, 0) for tp in committed}
    deadline = time.monotonic() + 60
    while True:  # the group coordinator needs a moment to see the member leave
        try:
            commit_positions(settings.kafka.bootstrap_servers, [group], rewind)
            break
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(1)
    sup.start(service)
    wait_state(settings, service)
