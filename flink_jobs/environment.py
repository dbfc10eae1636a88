"""Table environments for the jobs: local (tests, explain) or a remote cluster (submission).

Submission needs nothing but settings: `execution.target: remote` plus the REST address
from HOSPITAL_FLINK__REST_URL. The job's Python packages are shipped with it
(python.files), so a cluster elsewhere runs the same code.
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlparse

from hospital.settings import REPO_ROOT, Settings

# Packages the UDF workers import: the jobs, the shared privacy contract, the envelope format.
SHIPPED_PACKAGES = (REPO_ROOT / "flink_jobs", REPO_ROOT / "hospital", REPO_ROOT / "generator")


def job_config(settings: Settings, job_name: str) -> dict[str, str]:
    """Options every job sets itself, so a cluster with default configuration runs it the same way."""
    flink = settings.flink
    return {
        "pipeline.name": job_name,
        "parallelism.default": str(flink.parallelism),
        "pipeline.object-reuse": "true",
        # Ship network buffers after 10 ms at the latest (default 100 ms per hop): at a thousand
        # changes a second buffers rarely fill, and the jobs have four or five hops.
        "execution.buffer-timeout.interval": "10ms",
        "execution.checkpointing.interval": f"{flink.checkpoint_interval_ms}ms",
        "execution.checkpointing.mode": "EXACTLY_ONCE",
        # Barriers overtake buffered records, so a checkpoint under load does not hold back output.
        "execution.checkpointing.unaligned.enabled": "true",
        "execution.checkpointing.externalized-checkpoint-retention": "RETAIN_ON_CANCELLATION",
        "restart-strategy.type": "exponential-delay",
        "restart-strategy.exponential-delay.initial-backoff": "1s",
        "restart-strategy.exponential-delay.max-backoff": "30s",
        "table.exec.sink.not-null-enforcer": "ERROR",
        # Python UDFs: hand results back every 50 ms at the latest (default 1 s) to keep latency low.
        "python.fn-execution.bundle.time": "50",
        "python.fn-execution.bundle.size": "1000",
        "python.executable": flink.python_executable or sys.executable,
        "python.client.executable": sys.executable,
    }


def remote_config(settings: Settings, job_name: str, checkpoint_dir: Path | None,
                  restore_from: Path | None) -> dict[str, str]:
    url = urlparse(settings.flink.rest_url)
    config = {
        **job_config(settings, job_name),
        "execution.target": "remote",
        "execution.attached": "false",
        "rest.address": url.hostname or "127.0.0.1",
        "rest.port": str(url.port or 8081),
        "python.files": ",".join(str(p) for p in SHIPPED_PACKAGES),
    }
    if checkpoint_dir is not None:
        # One folder per job name, so a resubmission finds the job's own last checkpoint.
        config["execution.checkpointing.dir"] = checkpoint_dir.as_uri()
    if restore_from is not None:
        # Every piece of checkpointed state must find its operator (no silent partial restore).
        config["execution.state-recovery.path"] = restore_from.as_uri()
    return config


def local_config(job_name: str, jars: list[Path] = ()) -> dict[str, str]:
    """A mini cluster inside this process (unit tests, explain)."""
    config = {
        "pipeline.name": job_name,
        "parallelism.default": "1",
        "python.executable": sys.executable,
        "python.client.executable": sys.executable,
        "python.fn-execution.bundle.time": "50",
        "rest.port": "0",  # never collide with the cluster on 8081
    }
    if jars:
        config["pipeline.jars"] = ";".join(jar.resolve().as_uri() for jar in jars)
    return config


def table_environment(config: dict[str, str]):
    from pyflink.common import Configuration
    from pyflink.datastream import StreamExecutionEnvironment
    from pyflink.table import EnvironmentSettings, StreamTableEnvironment

    conf = Configuration()
    for key, value in config.items():
        conf.set_string(key, value)
    env = StreamExecutionEnvironment.get_execution_environment(conf)
    table_settings = EnvironmentSettings.new_instance().in_streaming_mode().with_configuration(conf).build()
    return StreamTableEnvironment.create(env, environment_settings=table_settings)
