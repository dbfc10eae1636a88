"""Kill the TaskManager (SIGKILL) while changes stream in: supervisord restarts it, the jobs resume
from their last checkpoint, and hospital_analytics ends with every change, once."""

from __future__ import annotations

import os
import signal
import threading
import time
from decimal import Decimal

import pytest
import requests

from flink_jobs import rest
from hospital.local.layout import Layout
from hospital.local.supervisor import Supervisor
from hospital.postgres import connect
from tests.integration.flink_helpers import analytics_rows, jobs_running, wait_for

pytestmark = pytest.mark.integration
VISITS = 240  # over ~24 s: before, during and after the kill


def restarts(settings, job_id: str) -> int:
    response = requests.get(f"{settings.flink.rest_url}/jobs/{job_id}/metrics?get=numRestarts", timeout=5)
    values = response.json()
    return int(values[0]["value"]) if values else 0


def completed_checkpoints(settings, job_id: str) -> int:
    return rest.checkpoints(settings, job_id).get("counts", {}).get("completed", 0)


def write_visits(settings, marker: str, failures: list) -> None:
    """Insert VISITS visits, ten a second, each updated once right after its insert."""
    try:
        with connect(settings, autocommit=True) as conn:
            patient = conn.execute("SELECT patient_id FROM patients ORDER BY patient_id LIMIT 1").fetchone()[0]
            doctor = conn.execute("SELECT doctor_id FROM doctors ORDER BY doctor_id LIMIT 1").fetchone()[0]
            for n in range(VISITS):
                visit_id = conn.execute(
                    "INSERT INTO visits (patient_id, doctor_id, visit_date, diagnosis, total_cost) "
                    "VALUES (%s, %s, DATE '2024-01-01', %s, %s) RETURNING visit_id",
                    (patient, doctor, marker, n)).fetchone()[0]
                conn.execute("UPDATE visits SET total_cost = total_cost + 0.5 WHERE visit_id = %s", (visit_id,))
                time.sleep(0.1)
    except Exception as exc:  # surfaced by the test
        failures.append(exc)


def test_taskmanager_killed_mid_stream_loses_and_duplicates_nothing(stack, unique):
    settings = stack
    jobs_running(settings)
    with connect(settings, autocommit=True) as conn:  # the writer needs one patient and one doctor
        if not conn.execute("SELECT 1 FROM patients LIMIT 1").fetchone() or \
                not conn.execute("SELECT 1 FROM doctors LIMIT 1").fetchone():
            pytest.fail("the recovery test needs seeded patients and doctors (hospital seed)")
    job_id = rest.active_job(settings, "cdc_enrich")["jid"]
    restarts_before = restarts(settings, job_id)
    marker = f"Recovery {unique}"
    failures: list = []
    writer = threading.Thread(target=write_visits, args=(settings, marker, failures))
    writer.start()
    try:
        # Kill once a checkpoint has completed during the stream: the job must restore from it
        # (not from the beginning) and replay only what followed.
        first = completed_checkpoints(settings, job_id)
        wait_for(lambda: completed_checkpoints(settings, job_id), lambda n: n > first, 60,
                 what="a checkpoint during the stream")
        supervisor = Supervisor(Layout.of(settings))
        pid = supervisor.info("flink-taskmanager")["pid"]
        os.kill(pid, signal.SIGKILL)
        wait_for(lambda: supervisor.info("flink-taskmanager"), lambda info: info["pid"] not in (0, pid), 60,
                 what="supervisord restarting the TaskManager")
    finally:
        writer.join()
    assert not failures, failures

    wait_for(lambda: restarts(settings, job_id), lambda n: n > restarts_before, 120, what="the job restarting")
    jobs_running(settings)
    assert rest.active_job(settings, "cdc_enrich")["jid"] == job_id, "the same job resumed (not a resubmission)"

    query = ("SELECT count(*) AS rows, count(DISTINCT visit_id) AS visits, sum(total_cost) AS total "
             "FROM enriched_visits WHERE diagnosis = %s AND NOT deleted")
    expected_total = sum(Decimal(n) + Decimal("0.5") for n in range(VISITS))
    result = wait_for(lambda: analytics_rows(settings, query, (marker,))[0],
                      lambda r: r["rows"] == VISITS and r["total"] == expected_total, 240,
                      what=f"{VISITS} recovered visits with their updated costs")
    assert result["visits"] == VISITS
