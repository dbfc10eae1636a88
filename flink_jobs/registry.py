"""The jobs `hospital up` submits, in order. Each module has JOB_NAME and plan(t_env, settings)."""

from __future__ import annotations

import importlib

JOBS = {
    "cdc_enrich": "flink_jobs.cdc_enrich.job",
    "vitals": "flink_jobs.vitals.job",
}


def job_module(name: str):
    if name not in JOBS:
        raise KeyError(f"unknown job {name!r}; jobs: {', '.join(JOBS)}")
    return importlib.import_module(JOBS[name])
