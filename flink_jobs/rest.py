"""The Flink REST API (the JobManager's Web UI port): job states, exceptions, cancel."""

from __future__ import annotations

import requests

from hospital.errors import ServiceError
from hospital.settings import Settings

TERMINAL = {"FINISHED", "CANCELED", "FAILED", "SUSPENDED"}


def _get(settings: Settings, path: str, timeout: float = 5):
    try:
        response = requests.get(f"{settings.flink.rest_url}{path}", timeout=timeout)
    except requests.RequestException as exc:
        raise ServiceError(f"Flink at {settings.flink.rest_url} is not reachable ({exc.__class__.__name__}); "
                           "is `hospital up` running?") from None
    if not response.ok:
        raise ServiceError(f"Flink refused GET {path}: HTTP {response.status_code} {response.text[:300]}")
    return response.json()


def reachable(settings: Settings) -> bool:
    try:
        return requests.get(f"{settings.flink.rest_url}/overview", timeout=3).ok
    except requests.RequestException:
        return False


def jobs(settings: Settings) -> list[dict]:
    """Every job the cluster knows: jid, name, state, start-time, duration, tasks."""
    return _get(settings, "/jobs/overview")["jobs"]


def active_job(settings: Settings, name: str) -> dict | None:
    """The running (or starting/restarting) job with this name, if any."""
    candidates = [job for job in jobs(settings) if job["name"] == name and job["state"] not in TERMINAL]
    return max(candidates, key=lambda job: job["start-time"]) if candidates else None


def job(settings: Settings, job_id: str) -> dict:
    return _get(settings, f"/jobs/{job_id}")


def all_tasks_running(settings: Settings, job_id: str) -> bool:
    detail = job(settings, job_id)
    return detail["state"] == "RUNNING" and all(v["status"] == "RUNNING" for v in detail["vertices"])


def root_exception(settings: Settings, job_id: str) -> str | None:
    body = _get(settings, f"/jobs/{job_id}/exceptions")
    history = body.get("exceptionHistory", {}).get("entries", [])
    if history:
        return history[0].get("stacktrace", "").strip().splitlines()[0]
    return None


def checkpoints(settings: Settings, job_id: str) -> dict:
    return _get(settings, f"/jobs/{job_id}/checkpoints")


def cancel(settings: Settings, job_id: str) -> None:
    try:
        requests.patch(f"{settings.flink.rest_url}/jobs/{job_id}?mode=cancel", timeout=10)
    except requests.RequestException as exc:
        raise ServiceError(f"could not cancel Flink job {job_id}: {exc.__class__.__name__}") from None
