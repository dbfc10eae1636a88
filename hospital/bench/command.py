"""`hospital bench`: measured figures, written to data/bench/ as JSON and markdown."""

from __future__ import annotations

import json

import click

from hospital.settings import get_settings


@click.group()
def bench() -> None:
    """Benchmarks on the running local stack (start it with `hospital up`).

    Example: hospital bench cdc --duration 30
    """


def _finish(name: str, results: dict) -> None:
    from hospital.bench.report import write

    json_path, md_path = write(get_settings(), name, results)
    click.echo(json.dumps(results, indent=2, default=str))
    click.echo(f"written: {json_path} and {md_path}")


@bench.command()
@click.option("--duration", default=30.0, show_default=True, help="Seconds per phase.")
@click.option("--latency-rate", default=1000.0, show_default=True, help="Changes/s of the latency phase.")
def cdc(duration: float, latency_rate: float) -> None:
    """Debezium throughput at the generator's maximum, the pg_recvlogical ceiling of the
    same WAL, and commit -> topic latency at a fixed rate.

    Example: hospital bench cdc --duration 30 --latency-rate 1000
    """
    from hospital.bench.cdc import bench_cdc
    from hospital.bench.processes import ProcessSampler

    settings = get_settings()
    with ProcessSampler(settings) as sampler:
        results = bench_cdc(settings, duration, latency_rate, progress=click.echo)
    results["processes"] = sampler.summary()
    _finish("cdc", results)


@bench.command()
@click.option("--duration", default=30.0, show_default=True, help="Seconds of generated load.")
@click.option("--rate", default="max", show_default=True, help="Generator rate (changes/s or max).")
@click.option("--samples", default=20, show_default=True, help="Latency samples per sink.")
def sinks(duration: float, rate: str, samples: int) -> None:
    """Sustained throughput per sink while the generator runs, then commit -> queryable
    latency p50/p95/p99 per sink, with CPU and memory per process.

    Example: hospital bench sinks --duration 30 --rate max --samples 20
    """
    from generator.stream_run import MAX
    from hospital.bench.processes import ProcessSampler
    from hospital.bench.sinks import commit_to_queryable, sustained_throughput

    settings = get_settings()
    with ProcessSampler(settings) as sampler:
        throughput = sustained_throughput(settings, MAX if rate == "max" else float(rate), duration,
                                          progress=click.echo)
    results = {"throughput": throughput, "processes": sampler.summary()}
    click.echo("measuring commit -> queryable latency")
    results["commit_to_queryable_ms"] = commit_to_queryable(settings, samples)
    _finish("sinks", results)


@bench.command()
@click.option("--duration", default=60.0, show_default=True, help="Seconds per phase.")
@click.option("--cdc-rate", default=1000.0, show_default=True, help="Changes/s of the latency phase.")
@click.option("--vitals-rate", default=2000.0, show_default=True, help="Readings/s of the alert latency phase.")
def flink(duration: float, cdc_rate: float, vitals_rate: float) -> None:
    """Flink jobs: throughput of each job (events/s, TaskManager CPU), commit -> enriched-topic
    latency, device reading -> alert latency, and the Python UDF against the SQL path.

    Example: hospital bench flink --duration 60 --cdc-rate 1000 --vitals-rate 2000
    """
    from flink_jobs.bench import run_all

    _finish("flink", run_all(get_settings(), duration, cdc_rate, vitals_rate, progress=click.echo))
