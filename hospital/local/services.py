"""What a local service is: a supervised command, its port, and how to tell it is ready."""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable


@dataclass(frozen=True)
class Service:
    name: str  # supervisor program name, also the log file name
    command: list[str]
    port: int
    port_setting: str  # the HOSPITAL_ key a user changes when the port is taken
    ready: Callable[[], bool]  # True once the service answers
    prepare: Callable[[], None] | None = None  # idempotent one-time set-up (initdb, format)
    user: str | None = None  # OS user to run as (Postgres refuses root)
    env: dict[str, str] = field(default_factory=dict)  # non-secret environment
    directory: Path | None = None
    start_timeout: float = 90.0
    stop_signal: str = "TERM"
    stop_wait: int = 30


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def tail(path: Path, lines: int = 25) -> str:
    if not path.exists():
        return f"(no log at {path})"
    with path.open("rb") as f:
        f.seek(0, 2)
        size = f.tell()
        f.seek(max(0, size - 64 * 1024))
        text = f.read().decode("utf-8", "replace")
    return "\n".join(text.splitlines()[-lines:])
