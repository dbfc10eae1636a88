"""Load job configuration and source URIs for one curated dataset. Pure: nothing is sent.

Staging is replaced on every load (WRITE_TRUNCATE): it only carries the files of this run
to the MERGE, which is what makes repeated loads safe.
"""

from __future__ import annotations

from dataclasses import dataclass

from google.cloud import bigquery

from consumers.bigquery.schemas import schema_of
from consumers.lake.paths import dataset_prefix


@dataclass(frozen=True)
class LoadPlan:
    dataset: str  # lake dataset = BigQuery table name
    source_uris: list[str]
    staging: str  # project.dataset.table
    target: str
    view: str
    job_config: bigquery.LoadJobConfig
    merge_sql: str
    view_sql: str


def lake_prefix(root: str, dataset: str) -> str:
    return f"{root.rstrip('/')}/{dataset_prefix('curated', dataset).rstrip('/')}"


def source_uris(root: str, dataset: str, dates: list[str] | None = None) -> list[str]:
    """All files of the dataset, or only the given days (dt=YYYY-MM-DD partitions)."""
    prefix = lake_prefix(root, dataset)
    if not dates:
        return [f"{prefix}/*.parquet"]
    return [f"{prefix}/dt={day}/*.parquet" for day in sorted(set(dates))]


def load_job_config(root: str, dataset: str) -> bigquery.LoadJobConfig:
    hive = bigquery.HivePartitioningOptions()
    hive.mode = "CUSTOM"  # dt and hr become typed columns of the staging table
    hive.source_uri_prefix = lake_prefix(root, dataset) + "/{dt:DATE}/{hr:INTEGER}"
    hive.require_partition_filter = False
    config = bigquery.LoadJobConfig(
        source_format=bigquery.SourceFormat.PARQUET,
        write_disposition=bigquery.WriteDisposition.WRITE_TRUNCATE,
        create_disposition=bigquery.CreateDisposition.CREATE_IF_NEEDED,
        decimal_target_types=[bigquery.DecimalTargetType.NUMERIC, bigquery.DecimalTargetType.BIGNUMERIC],
        hive_partitioning=hive,
    )
    schema = schema_of(dataset)
    if schema is not None:
        config.schema = schema
    return config
