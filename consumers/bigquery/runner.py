"""Load the curated lake into BigQuery: per dataset, a load job into staging, then MERGE.

    hospital lake load-bigquery --dry-run        # print the jobs and SQL, send nothing
    hospital lake load-bigquery --date 2026-11-22

Nothing here runs against the real service in tests (see README.md); the plan is pure
and the MERGE text is executed on DuckDB over the same files (local_check.py).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pyarrow.parquet as pq

from consumers.bigquery.errors import BigQueryLoadError
from consumers.bigquery.jobs import LoadPlan, load_job_config, source_uris
from consumers.bigquery.merge_sql import render_current_view, render_merge
from consumers.bigquery.schemas import schema_of
from consumers.lake.paths import dataset_prefix
from consumers.lake.schemas import curated_schema, datasets, key_columns
from consumers.lake.storage import Store

PARTITION_COLUMNS = ("dt", "hr")  # added to staging by hive partitioning; not part of the targets


@dataclass(frozen=True)
class Target:
    project: str
    dataset: str
    location: str
    staging_suffix: str = "__staging"

    def table(self, name: str) -> str:
        return f"{self.project}.{self.dataset}.{name}"


def curated_columns(store: Store, dataset: str) -> list[str] | None:
    """Columns of a dataset's curated files: the contract's, or (Flink outputs) the newest file's."""
    schema = curated_schema(dataset)
    if schema is not None:
        return schema.names
    files = store.list(dataset_prefix("curated", dataset))
    if not files:
        return None
    return pq.read_schema(io.BytesIO(store.read(files[-1]))).names


def plan_loads(store: Store, target: Target, only: list[str] | None = None,
               dates: list[str] | None = None) -> list[LoadPlan]:
    """One plan per curated dataset that has files (BigQuery fails a load whose URIs match nothing)."""
    plans = []
    for dataset in only or datasets():
        if not store.list(dataset_prefix("curated", dataset)):
            continue
        columns = curated_columns(store, dataset)
        staging = target.table(dataset + target.staging_suffix)
        plans.append(LoadPlan(
            dataset=dataset,
            source_uris=source_uris(store.root, dataset, dates),
            staging=staging,
            target=target.table(dataset),
            view=target.table(dataset + "_current"),
            job_config=load_job_config(store.root, dataset),
            merge_sql=render_merge("bigquery", target.table(dataset), staging, columns, key_columns(dataset)),
            view_sql=render_current_view("bigquery", target.table(dataset + "_current"), target.table(dataset),
                                         [c for c in columns if not c.startswith("_")]),
        ))
    return plans


def run_loads(client, target: Target, plans: list[LoadPlan]) -> list[dict]:
    """Execute the plans with a google.cloud.bigquery.Client; returns rows loaded/merged per dataset."""
    from google.api_core.exceptions import GoogleAPIError
    from google.cloud import bigquery

    results = []
    try:
        client.create_dataset(bigquery.Dataset(f"{target.project}.{target.dataset}"), exists_ok=True)
        for plan in plans:
            if not plan.source_uris[0].startswith("gs://"):
                raise BigQueryLoadError(
                    f"{plan.dataset}: BigQuery loads read from GCS; set HOSPITAL_LAKE__ROOT=gs://<bucket>")
            load = client.load_table_from_uri(plan.source_uris, plan.staging, job_config=plan.job_config,
                                              location=target.location)
            load.result()
            schema = schema_of(plan.dataset) or [
                f for f in client.get_table(plan.staging).schema if f.name not in PARTITION_COLUMNS]
            table = bigquery.Table(plan.target, schema=schema)
            table.clustering_fields = list(key_columns(plan.dataset))[:4]
            client.create_table(table, exists_ok=True)
            merge = client.query(plan.merge_sql, location=target.location)
            merge.result()
            client.query(plan.view_sql, location=target.location).result()
            results.append({"dataset": plan.dataset, "loaded_rows": load.output_rows,
                            "merged_rows": merge.num_dml_affected_rows})
    except GoogleAPIError as exc:
        raise BigQueryLoadError(f"BigQuery load failed: {exc}; staging tables are replaced on the next run") from None
    return results


def describe(plan: LoadPlan) -> dict:
    """What --dry-run prints: the job configuration as the API would receive it, and the SQL."""
    return {
        "dataset": plan.dataset,
        "source_uris": plan.source_uris,
        "staging": plan.staging,
        "target": plan.target,
        "load_job_config": plan.job_config.to_api_repr(),
        "merge_sql": plan.merge_sql,
        "view_sql": plan.view_sql,
    }
