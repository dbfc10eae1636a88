"""Driving the whole local pipeline through the `hospital` CLI and supervisord."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from kafka import KafkaAdminClient
from kafka.admin import OffsetSpec

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


def replay_from_start(settings, service: str, group: str) -> None:
    """Stop a consumer, rewind its group to the earliest offsets, start it again."""
    sup = supervisor(settings)
    sup.stop(service)
    admin = KafkaAdminClient(bootstrap_servers=settings.kafka.bootstrap_servers, client_id="e2e-replay")
    try:
        deadline = time.monotonic() + 60
        while True:  # the group coordinator needs a moment to see the member leave
            committed = admin.list_group_offsets([group]).get(group) or {}
            try:
                admin.reset_group_offsets(group, {tp: OffsetSpec.EARLIEST for tp in committed})
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(1)
    finally:
        admin.close()
    sup.start(service)
    wait_state(settings, service)
