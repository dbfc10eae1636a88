"""`hospital lake …`: run the lake consumer, load BigQuery from the lake, measure writes."""

from __future__ import annotations

import json

import click

from hospital.settings import get_settings


@click.group()
def lake() -> None:
    """The lake: raw and curated Parquet under <root>/<layer>/<dataset>/dt=/hr=/ (directory or gs://).

    Example: hospital lake run --until-idle 10
    """


@lake.command()
@click.option("--until-idle", type=float, default=None, help="Stop after this many seconds without messages.")
@click.option("--root", default=None, help="Lake root (directory or gs://bucket); default HOSPITAL_LAKE__ROOT.")
def run(until_idle: float | None, root: str | None) -> None:
    """Consume the CDC and Flink output topics into the lake (the lake-consumer service runs this).

    Example: hospital lake run --until-idle 10 --root /tmp/lake
    """
    from consumers.lake.runner import build_loop

    loop = build_loop(get_settings(), root=root)
    stats = loop.run(until_idle_s=until_idle)
    click.echo(f"{stats.changes} changes from {stats.messages} messages in {stats.batches} batches "
               f"-> {loop.sink.store.root} ({stats.dead_letters} dead letters)")


@lake.command("load-bigquery")
@click.option("--dataset", "datasets", multiple=True, help="Lake dataset (table) to load; repeatable; default all.")
@click.option("--date", "dates", multiple=True, help="Only files of this day (YYYY-MM-DD); repeatable; default all.")
@click.option("--dry-run", is_flag=True, help="Print the load jobs and MERGE SQL as JSON; send nothing.")
def load_bigquery(datasets: tuple[str, ...], dates: tuple[str, ...], dry_run: bool) -> None:
    """Load curated lake files into BigQuery staging tables, then MERGE into the targets.

    The highest version per key wins; deletes are kept as flagged rows (views *_current
    show the live rows). Real loads need HOSPITAL_LAKE__ROOT=gs://… and Google credentials.

    Example: hospital lake load-bigquery --dry-run --dataset visits
    """
    from consumers.bigquery.runner import Target, describe, plan_loads, run_loads
    from consumers.lake.settings import lake_store

    from consumers.bigquery.errors import BigQueryLoadError

    settings = get_settings()
    bq = settings.bigquery
    client = None
    if not dry_run:
        if not settings.lake.root.startswith("gs://"):
            raise BigQueryLoadError(f"BigQuery loads read from GCS but the lake root is {settings.lake.root}; "
                                    "set HOSPITAL_LAKE__ROOT=gs://<bucket> (or use --dry-run)")
        client = bigquery_client(bq.project, bq.location)
    project = bq.project or (client.project if client else "PROJECT")
    target = Target(project, bq.dataset, bq.location, bq.staging_suffix)
    plans = plan_loads(lake_store(settings), target, list(datasets) or None, list(dates) or None)
    if dry_run:
        click.echo(json.dumps([describe(p) for p in plans], indent=2))
        return
    for result in run_loads(client, target, plans):
        click.echo(json.dumps(result))


def bigquery_client(project: str | None, location: str):
    from google.auth.exceptions import DefaultCredentialsError
    from google.cloud import bigquery

    from consumers.bigquery.errors import BigQueryLoadError

    try:
        return bigquery.Client(project=project, location=location)
    except DefaultCredentialsError:
        raise BigQueryLoadError("no Google credentials: set GOOGLE_APPLICATION_CREDENTIALS or run "
                                "`gcloud auth application-default login` (or use --dry-run)") from None


@lake.command()
@click.option("--changes", type=int, default=100_000, show_default=True, help="Synthetic changes to write.")
@click.option("--batch", type=int, default=5_000, show_default=True, help="Changes per write (one poll).")
@click.option("--root", required=True, help="Where to write: a scratch directory or gs://bucket.")
@click.option("--kafka", "through_kafka", is_flag=True,
              help="End to end: produce to a scratch topic and time the consumer loop (includes Kafka and parsing).")
def bench(changes: int, batch: int, root: str, through_kafka: bool) -> None:
    """Sustained lake write throughput (changes/s) for a directory or a GCS bucket; JSON result.

    Use a scratch root: the benchmark writes synthetic files there.

    Example: hospital lake bench --changes 100000 --root /tmp/lake-bench
    """
    from consumers.lake.bench import measure_loop, measure_sink
    from consumers.lake.settings import lake_store

    settings = get_settings()
    store = lake_store(settings, root)
    if through_kafka:
        click.echo(json.dumps(measure_loop(settings, store, changes)))
    else:
        click.echo(json.dumps(measure_sink(store, changes, batch, settings.lake.file_offsets)))
