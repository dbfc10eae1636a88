"""Plan and submit one job. Run as a child process of `hospital flink submit`:

    python -m flink_jobs.runner cdc_enrich [--checkpoint-dir DIR] [--restore CHECKPOINT] [--explain]

A child process, because PyFlink starts a JVM (with the connector jars on its classpath, from
FLINK_LIB_DIR) that lives as long as the Python process. The last line printed is JSON:
{"job_id": "..."} or {"plan": "..."}.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from flink_jobs.environment import remote_config, table_environment
from flink_jobs.registry import job_module
from hospital.errors import HospitalError
from hospital.settings import get_settings


def main(job_name: str | None = None, argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="flink_jobs.runner")
    if job_name is None:
        parser.add_argument("job")
    parser.add_argument("--checkpoint-dir", type=Path)
    parser.add_argument("--restore", type=Path, help="checkpoint or savepoint to resume from")
    parser.add_argument("--explain", action="store_true", help="print the optimized plan instead of submitting")
    args = parser.parse_args(argv)
    name = job_name or args.job
    settings = get_settings()
    module = job_module(name)
    # Python workers run beside the TaskManager, not in this short-lived client (PyFlink's
    # "loopback" default when it believes it runs a local cluster).
    os.environ["_python_worker_execution_mode"] = "process"
    try:
        t_env = table_environment(remote_config(settings, name, args.checkpoint_dir, args.restore))
        statements = module.plan(t_env, settings)
        if args.explain:
            print(json.dumps({"plan": statements.explain()}))
            return
        result = statements.execute()
        job_id = str(result.get_job_client().get_job_id())
    except HospitalError as exc:
        print(json.dumps({"error": str(exc)}))
        sys.exit(1)
    print(json.dumps({"job_id": job_id}))


if __name__ == "__main__":
    main()
