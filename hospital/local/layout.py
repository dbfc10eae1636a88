"""Where the local stack keeps its state: everything under `.local/` in the repo."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from hospital.errors import ServiceError
from hospital.settings import Settings


@dataclass(frozen=True)
class Layout:
    root: Path

    @classmethod
    def of(cls, settings: Settings) -> "Layout":
        return cls(settings.local_dir)

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def run(self) -> Path:
        return self.root / "run"

    @property
    def conf(self) -> Path:
        return self.root / "conf"

    @property
    def jvm(self) -> Path:
        return self.root / "jvm"

    @property
    def pg_home(self) -> Path:
        return self.root / "pg"

    @property
    def pg_data(self) -> Path:
        return self.pg_home / "data"

    @property
    def pg_socket_dir(self) -> Path:
        return self.pg_home / "run"

    @property
    def kafka_data(self) -> Path:
        return self.root / "kafka" / "data"

    @property
    def flink_state(self) -> Path:
        return self.root / "flink"

    def log(self, service: str) -> Path:
        return self.logs / f"{service}.log"

    def make_dirs(self) -> None:
        for path in (self.logs, self.run, self.conf, self.kafka_data, self.flink_state):
            path.mkdir(parents=True, exist_ok=True)


def find_java() -> str:
    """The `java` used for Kafka, Connect and Flink: JAVA_HOME first, then PATH."""
    candidates = []
    if os.environ.get("JAVA_HOME"):
        candidates.append(str(Path(os.environ["JAVA_HOME"]) / "bin" / "java"))
    if shutil.which("java"):
        candidates.append(shutil.which("java"))
    for java in candidates:
        if Path(java).exists():
            version = java_major_version(java)
            if version >= 17:
                return java
            raise ServiceError(f"Java {version} at {java} is too old: Kafka 4 and Flink 2 need Java 17+ (run `make bootstrap`)")
    raise ServiceError("Java not found: run `make bootstrap` (installs OpenJDK 17) or set JAVA_HOME")


def java_major_version(java: str) -> int:
    out = subprocess.run([java, "-version"], capture_output=True, text=True).stderr
    token = out.split('"')[1] if '"' in out else "0"
    major = token.split(".")[0]
    return int(major if major != "1" else token.split(".")[1])


def postgres_bin() -> Path:
    """Directory of the newest installed Postgres (>= 15) server binaries."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"), key=lambda p: int(Path(p).parts[-3]))
    if not found or int(Path(found[-1]).parts[-3]) < 15:
        raise ServiceError("PostgreSQL 15+ server not found: run `make bootstrap` (installs Debian's postgresql)")
    return Path(found[-1]).parent
