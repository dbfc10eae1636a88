"""The Flink part of `hospital status`: job states, checkpoints and dead-letter counts. Never raises."""

from __future__ import annotations

from flink_jobs import rest
from flink_jobs.registry import JOBS
from hospital.errors import HospitalError
from hospital.settings import Settings

DLQ_TOPICS = ("dlq.cdc", "dlq.vitals")


def report(settings: Settings) -> dict:
    section: dict = {"rest_url": settings.flink.rest_url, "reachable": rest.reachable(settings), "jobs": {},
                     "dead_letters": {}}
    if section["reachable"]:
        try:
            section["jobs"] = job_states(settings)
        except HospitalError as exc:
            section["error"] = str(exc)
    try:
        section["dead_letters"] = dead_letter_counts(settings)
    except Exception as exc:  # status must render even when Kafka is down
        section["dead_letters_error"] = f"{exc.__class__.__name__}: {exc}"
    return section


def job_states(settings: Settings) -> dict:
    states = {name: {"state": "NOT SUBMITTED"} for name in JOBS}
    for job in sorted(rest.jobs(settings), key=lambda j: j["start-time"]):
        if job["name"] not in states:
            continue
        entry = {"state": job["state"], "id": job["jid"]}
        if job["state"] not in rest.TERMINAL:
            stats = rest.checkpoints(settings, job["jid"])
            latest = (stats.get("latest") or {}).get("completed") or {}
            entry["checkpoints_completed"] = stats.get("counts", {}).get("completed", 0)
            entry["last_checkpoint_ms"] = latest.get("latest_ack_timestamp")
        if states[job["name"]]["state"] in rest.TERMINAL | {"NOT SUBMITTED"} or job["state"] not in rest.TERMINAL:
            states[job["name"]] = entry
    return states


def dead_letter_counts(settings: Settings) -> dict[str, int]:
    from hospital.topics import topic_counts

    counts = topic_counts(settings, prefix="dlq.")
    return {topic: counts.get(topic, 0) for topic in DLQ_TOPICS}
