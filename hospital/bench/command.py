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


def _finish(name: str, results: dict, table: list[str] | None = None) -> None:
    from hospital.bench.report import write

    json_path, md_path = write(get_settings(), name, results, table)
    click.echo(json.dumps(results, indent=2, default=str))
    if table:
        click.echo("\n".join(table))
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
@click.option("--duration", default=30.0, show_default=True, help="Seconds of generated load per rate.")
@click.option("--rates", default="500,1000,max", show_default=True,
              help="Generator rates in turn (row changes/s, or max), comma-separated.")
@click.option("--samples", default=20, show_default=True, help="Latency samples per sink.")
def sinks(duration: float, rates: str, samples: int) -> None:
    """Sustained throughput per sink at fixed rates and at the generator's maximum, the
    pg_recvlogical decode ceiling of the same WAL and each sink's share of it, then
    commit -> queryable latency p50/p95/p99 per sink, with CPU and memory per process.

    Example: hospital bench sinks --duration 30 --rates 500,max --samples 20
    """
    from hospital.bench.processes import ProcessSampler
    from hospital.bench.sinks import bench_sinks, markdown_table, parse_rates

    try:
        parsed = parse_rates(rates)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--rates") from None
    settings = get_settings()
    with ProcessSampler(settings) as sampler:
        results = bench_sinks(settings, parsed, duration, samples, progress=click.echo)
    results["processes"] = sampler.summary()
    _finish("sinks", results, markdown_table(results))


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
