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
    parser.add_argument("--bench", metavar="TAG", help="a throughput copy: blackhole sinks, own consumer group")
    parser.add_argument("--source-topic", help="with --bench: read this topic instead")
    args = parser.parse_args(argv)
    name = job_name or args.job
    settings = get_settings()
    module = job_module(name)
    # Python workers run beside the TaskManager, not in this short-lived client (PyFlink's
    # "loopback" default when it believes it runs a local cluster).
    os.environ["_python_worker_execution_mode"] = "process"
    try:
        pipeline_name = f"bench_{name}_{args.bench}" if args.bench else name
        config = {**remote_config(settings, pipeline_name, args.checkpoint_dir, args.restore),
                  **module.job_config(settings)}
        t_env = table_environment(config)
        tables = bench_tables(module, settings, args.bench, args.source_topic) if args.bench else None
        statements = module.plan(t_env, settings, tables)
        if args.explain:
            print(json.dumps({"plan": statements.explain()}))
            return
        result = statements.execute()
        job_id = str(result.get_job_client().get_job_id())
    except HospitalError as exc:
        print(json.dumps({"error": str(exc)}))
        sys.exit(1)
    print(json.dumps({"job_id": job_id}))


def bench_tables(module, settings, tag: str, source_topic: str | None):
    """The job's tables with every sink a blackhole and its source in a consumer group of its own."""
    from flink_jobs.tables import blackhole_sinks

    tables = module.production_tables(settings).with_options(blackhole_sinks(module.SINKS))
    options = {}
    for source in module.SOURCES:
        source_options = {**tables.options[source], "properties.group.id": f"hospital-bench-{tag}"}
        if source_topic:
            source_options["topic"] = source_topic
        options[source] = source_options
    return tables.with_options(options)


if __name__ == "__main__":
    main()
