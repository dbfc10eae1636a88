"""`hospital flink ...`: submit, list, cancel and explain the Flink jobs."""

from __future__ import annotations

import json

import click

from hospital.settings import get_settings


@click.group()
def flink() -> None:
    """Flink jobs on the cluster at HOSPITAL_FLINK__REST_URL (Web UI on the same address).

    Example: hospital flink list
    """


@flink.command()
@click.argument("job", required=False)
@click.option("--fresh", is_flag=True, help="Ignore retained checkpoints: start from the topics' beginning.")
def submit(job: str | None, fresh: bool) -> None:
    """Submit JOB (default: every job) unless it already runs; resumes from its last checkpoint.

    Example: hospital flink submit cdc_enrich
    """
    from flink_jobs.registry import JOBS
    from flink_jobs.submit import submit as submit_job

    settings = get_settings()
    for name in [job] if job else list(JOBS):
        submit_job(settings, name, fresh=fresh, progress=click.echo)


@flink.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Print the job list as JSON.")
def list_jobs(as_json: bool) -> None:
    """Jobs the cluster knows, newest first: name, state, id.

    Example: hospital flink list --json
    """
    from flink_jobs import rest

    jobs = sorted(rest.jobs(get_settings()), key=lambda j: j["start-time"], reverse=True)
    if as_json:
        click.echo(json.dumps(jobs, indent=2))
        return
    for entry in jobs:
        click.echo(f"{entry['name']:<14} {entry['state']:<12} {entry['jid']}")


@flink.command()
@click.argument("job")
def cancel(job: str) -> None:
    """Cancel the running job named JOB (its checkpoints are kept; `submit` resumes from them).

    Example: hospital flink cancel vitals
    """
    from flink_jobs import rest
    from hospital.errors import ServiceError

    settings = get_settings()
    active = rest.active_job(settings, job)
    if not active:
        raise ServiceError(f"no running flink job named {job}")
    rest.cancel(settings, active["jid"])
    click.echo(f"{job}: cancel requested ({active['jid']})")


@flink.command()
@click.argument("job")
def plan(job: str) -> None:
    """Print the optimized plan of JOB as the cluster would run it (nothing is submitted).

    Example: hospital flink plan cdc_enrich
    """
    from flink_jobs.submit import run_client

    click.echo(run_client(get_settings(), job, None, None, explain=True)["plan"])
