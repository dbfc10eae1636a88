"""Submit jobs to the cluster: once (a running job with the same name is left alone), resuming
from the job's last retained checkpoint when there is one.

Planning happens in a child process (flink_jobs.runner) whose JVM has the connector jars on
its classpath; this process only talks to the REST API.
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

from flink_jobs import rest
from flink_jobs.registry import JOBS, job_module
from hospital.errors import ServiceError
from hospital.settings import REPO_ROOT, Settings
from hospital.topics import ensure_topics

Progress = Callable[[str], None]
START_TIMEOUT_S = 180


def local_paths(settings: Settings):
    from hospital.local.flink_cluster import FlinkPaths
    from hospital.local.layout import Layout

    return FlinkPaths(Layout.of(settings))


def checkpoint_dir(settings: Settings, job_name: str) -> Path | None:
    """Local mode: checkpoints of each job under .local/flink/checkpoints/<job>. Deployed: the cluster's default."""
    if settings.mode != "local":
        return None
    return local_paths(settings).checkpoints / job_name


FINGERPRINT = "PLAN_FINGERPRINT"


def fingerprint(job_name: str) -> str:
    """Hash of what shapes a job's plan: its SQL files, job.py, udfs.py and how SQL becomes tables.

    Flink maps checkpointed state to operators by ids derived from the plan; after a plan change
    some state would silently go unclaimed (say, the dimensions of a join while the source offsets
    still restore), so a checkpoint is only resumed by the plan that wrote it.
    """
    import hashlib

    digest = hashlib.sha256()
    jobs_dir = REPO_ROOT / "flink_jobs"
    job_dir = jobs_dir / job_name
    # Operators and their state come from the SQL, the job's assembly and its function's types;
    # contracts, rules and docs can change without touching them.
    files = sorted([*(job_dir / "sql").rglob("*.sql"), job_dir / "job.py", job_dir / "udfs.py",
                    jobs_dir / "sql_files.py", jobs_dir / "tables.py"])
    for path in files:
        if path.is_file():
            digest.update(str(path.relative_to(jobs_dir)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def latest_checkpoint(job_dir: Path | None, plan: str | None = None) -> Path | None:
    """The newest completed checkpoint (a chk-N folder with _metadata) of an earlier run of the
    job whose plan fingerprint is `plan` (any run when plan is None)."""
    if job_dir is None or not job_dir.exists():
        return None
    completed = [meta.parent for meta in job_dir.glob("*/chk-*/_metadata")
                 if plan is None or _run_fingerprint(meta.parent.parent) == plan]
    return max(completed, key=lambda path: path.stat().st_mtime) if completed else None


def _run_fingerprint(run_dir: Path) -> str | None:
    path = run_dir / FINGERPRINT
    return path.read_text().strip() if path.exists() else None


def record_fingerprint(job_dir: Path | None, job_id: str, plan: str) -> None:
    if job_dir is not None:
        (job_dir / job_id).mkdir(parents=True, exist_ok=True)
        (job_dir / job_id / FINGERPRINT).write_text(plan + "\n")


def prune_runs(job_dir: Path | None, keep: int = 2) -> None:
    """Forget checkpoints of old runs (a run = a job id folder); the newest `keep` stay."""
    if job_dir is None or not job_dir.exists():
        return
    runs = sorted((p for p in job_dir.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime, reverse=True)
    import shutil

    for run in runs[keep:]:
        shutil.rmtree(run, ignore_errors=True)


# Set in a process that has run a Python UDF in a local mini cluster (loopback workers); the
# flink client would then refuse to start its gateway, so a submission never inherits it.
NOT_INHERITED = ("PYFLINK_GATEWAY_DISABLED",)


def client_env(settings: Settings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    if settings.mode == "local":
        from hospital.local.flink_cluster import client_environment
        from hospital.local.layout import Layout

        env.update(client_environment(settings, Layout.of(settings)))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    return env


def run_client(settings: Settings, job_name: str, job_dir: Path | None, restore: Path | None,
               explain: bool = False, extra: list[str] = ()) -> dict:
    command = [sys.executable, "-m", "flink_jobs.runner", job_name, *extra]
    if job_dir is not None:
        command += ["--checkpoint-dir", str(job_dir)]
    if restore is not None:
        command += ["--restore", str(restore)]
    if explain:
        command.append("--explain")
    result = subprocess.run(command, env=client_env(settings), capture_output=True, text=True, cwd=REPO_ROOT)
    last = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    try:
        answer = json.loads(last)
    except json.JSONDecodeError:
        answer = {}
    if result.returncode != 0 or "error" in answer or not answer:
        cause = answer.get("error") or _java_cause(result.stderr + result.stdout)
        raise ServiceError(f"flink job {job_name}: submission failed: {cause}")
    return answer


def _java_cause(output: str) -> str:
    causes = [line.strip() for line in output.splitlines() if line.strip().startswith(("Caused by:", "py4j.protocol"))]
    tail = [line for line in output.strip().splitlines()[-3:]]
    return (causes[-1] if causes else " / ".join(tail))[:800]


def wait_running(settings: Settings, job_id: str, timeout: float = START_TIMEOUT_S) -> None:
    """Until every task of the job runs; raise with the job's root exception if it fails or restarts."""
    deadline = time.monotonic() + timeout
    while True:
        detail = rest.job(settings, job_id)
        if detail["state"] in ("FAILED", "RESTARTING", "CANCELED", "FINISHED"):
            raise ServiceError(f"flink job {detail['name']} ({job_id}) is {detail['state']}: "
                               f"{rest.root_exception(settings, job_id) or 'see the Web UI'}")
        if rest.all_tasks_running(settings, job_id):
            return
        if time.monotonic() > deadline:
            raise ServiceError(f"flink job {detail['name']} ({job_id}) not running after {timeout:.0f}s "
                               f"(state {detail['state']}); see {settings.flink.rest_url}")
        time.sleep(1)


def job_topics(settings: Settings, job_name: str) -> list[str]:
    """Every Kafka topic the job reads or writes, from its tables' connector options."""
    options = job_module(job_name).production_tables(settings).options.values()
    return sorted({topic for table in options for topic in table.get("topic", "").split(";") if topic})


@contextmanager
def submission_lock(settings: Settings, job_name: str):
    """One submission per job at a time on this machine: planning takes half a minute, and two
    `hospital up` runs in that window would otherwise both see no running job and submit twice."""
    path = settings.local_dir / "run" / f"flink-submit-{job_name}.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def submit(settings: Settings, job_name: str, *, fresh: bool = False, progress: Progress = print) -> str:
    """Submit `job_name` unless it runs already; returns the job id."""
    if job_name not in JOBS:
        raise ServiceError(f"unknown flink job {job_name!r}; jobs: {', '.join(JOBS)}")
    with submission_lock(settings, job_name):
        return _submit_locked(settings, job_name, fresh, progress)


def _submit_locked(settings: Settings, job_name: str, fresh: bool, progress: Progress) -> str:
    active = rest.active_job(settings, job_name)
    if active:
        progress(f"flink job {job_name}: already {active['state']} ({active['jid']})")
        return active["jid"]
    job_dir = checkpoint_dir(settings, job_name)
    plan = fingerprint(job_name)
    restore = None if fresh else latest_checkpoint(job_dir, plan)
    if restore is None and not fresh and latest_checkpoint(job_dir) is not None:
        # Outputs carry versions, so re-reading the topics from the beginning ends in the same state.
        progress(f"flink job {job_name}: its plan changed since the last checkpoint; starting from the topics' beginning")
    created = ensure_topics(settings, job_topics(settings, job_name))
    if created:
        progress(f"flink job {job_name}: created topics {', '.join(created)}")
    progress(f"flink job {job_name}: submitting" + (f" (resuming from {restore})" if restore else ""))
    job_id = run_client(settings, job_name, job_dir, restore)["job_id"]
    record_fingerprint(job_dir, job_id, plan)
    try:
        wait_running(settings, job_id)
    except ServiceError as exc:
        if restore is None:
            raise
        progress(f"flink job {job_name}: cannot resume from {restore.name} ({exc}); starting fresh")
        rest.cancel(settings, job_id)
        job_id = run_client(settings, job_name, job_dir, None)["job_id"]
        record_fingerprint(job_dir, job_id, plan)
        wait_running(settings, job_id)
    prune_runs(job_dir)
    progress(f"flink job {job_name}: RUNNING ({job_id}, {settings.flink.rest_url}/#/job/running/{job_id}/overview)")
    return job_id


def submit_all(settings: Settings, progress: Progress = print) -> dict[str, str]:
    """Every job, planned side by side (each plan takes a JVM start and half a minute)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=len(JOBS)) as pool:
        futures = {name: pool.submit(submit, settings, name, progress=progress) for name in JOBS}
        return {name: future.result() for name, future in futures.items()}
