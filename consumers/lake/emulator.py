"""The local GCS API emulator (fake-gcs-server, installed by scripts/install_gcs_emulator.sh).

Used by the tests (an in-memory instance per test session) and, when HOSPITAL_LAKE__GCS_EMULATOR
is true, as a supervised service holding its objects under .local/gcs.
"""

from __future__ import annotations

import requests

from hospital.settings import Settings


def binary(settings: Settings):
    return settings.local_dir / "bin" / "fake-gcs-server"


def command(settings: Settings, port: int, backend: str = "filesystem") -> list[str]:
    cmd = [str(binary(settings)), "-scheme", "http", "-host", "127.0.0.1", "-port", str(port),
           "-public-host", f"127.0.0.1:{port}", "-external-url", f"http://127.0.0.1:{port}",
           "-backend", backend, "-log-level", "warn"]
    if backend == "filesystem":
        cmd += ["-filesystem-root", str(settings.local_dir / "gcs")]
    return cmd


def answers(port: int) -> bool:
    try:
        return requests.get(f"http://127.0.0.1:{port}/storage/v1/b", timeout=1).status_code == 200
    except requests.RequestException:
        return False


def ensure_bucket(endpoint: str, bucket: str, project: str = "local") -> None:
    """Create a bucket on the emulator (idempotent: 409 means it exists)."""
    response = requests.post(f"{endpoint}/storage/v1/b", params={"project": project}, json={"name": bucket},
                             timeout=10)
    if response.status_code not in (200, 409):
        response.raise_for_status()
