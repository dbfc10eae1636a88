"""CPU and memory of each supervised service (and its child processes) during a benchmark."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from hospital.local.layout import Layout
from hospital.local.supervisor import Supervisor
from hospital.settings import Settings

TICKS = os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        todo += _children(current)
    return pids


def _cpu_seconds_and_rss(pids: list[int]) -> tuple[float, int]:
    cpu, rss = 0.0, 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            cpu += (int(fields[11]) + int(fields[12])) / TICKS
            rss += int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            pass
    return cpu, rss


class ProcessSampler:
    def __init__(self, settings: Settings, interval: float = 1.0):
        self.supervisor = Supervisor(Layout.of(settings))
        self.interval = interval
        self.samples: dict[str, list[tuple[float, float, int]]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _pids(self) -> dict[str, int]:
        try:
            return {p["name"]: p["pid"] for p in self.supervisor.rpc().getAllProcessInfo() if p["pid"]}
        except OSError:
            return {}

    def _run(self) -> None:
        while not self._stop.is_set():
            now = time.monotonic()
            for name, pid in self._pids().items():
                cpu, rss = _cpu_seconds_and_rss(_tree(pid))
                self.samples.setdefault(name, []).append((now, cpu, rss))
            self._stop.wait(self.interval)

    def __enter__(self) -> "ProcessSampler":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def summary(self) -> dict:
        out = {}
        for name, rows in self.samples.items():
            if len(rows) < 2:
                continue
            (t0, c0, _), (t1, c1, _) = rows[0], rows[-1]
            out[name] = {"cpu_percent_avg": round(100 * (c1 - c0) / max(t1 - t0, 1e-9), 1),
                         "rss_mb_max": round(max(r for _, _, r in rows) / 2**20, 1)}
        return out
