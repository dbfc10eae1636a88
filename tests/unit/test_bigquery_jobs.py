"""BigQuery load jobs: configuration, URIs, plans and call order. Nothing is sent to BigQuery."""

from __future__ import annotations

import pytest
from google.cloud import bigquery

from consumers.bigquery.errors import BigQueryLoadError
from consumers.bigquery.jobs import load_job_config, source_uris
from consumers.bigquery.runner import Target, plan_loads, run_loads
from consumers.bigquery.schemas import bigquery_type, schema_of
from consumers.lake.schemas import MONEY_TYPE, VERSION_TYPE
from consumers.lake.sink import LakeSink
from consumers.lake.storage import LocalStore
from tests.unit.lake_samples import stream

ROOT = "gs://hospital-lake/prod"


def test_load_job_config_for_an_operational_table():
    config = load_job_config(ROOT, "visits")
    assert config.source_format == bigquery.SourceFormat.PARQUET
    assert config.write_disposition == bigquery.WriteDisposition.WRITE_TRUNCATE  # staging holds one run only
    assert set(config.decimal_target_types) == {"NUMERIC", "BIGNUMERIC"}
    hive = config.hive_partitioning
    assert hive.mode == "CUSTOM"
    assert hive.source_uri_prefix == "gs://hospital-lake/prod/curated/visits/{dt:DATE}/{hr:INTEGER}"
    types = {f.name: (f.field_type, f.mode) for f in config.schema}
    assert types["visit_id"] == ("INT64", "REQUIRED")
    assert types["total_cost"] == ("NUMERIC", "NULLABLE")
    assert types["created_at"] == ("TIMESTAMP", "NULLABLE")
    assert types["_version"] == ("BIGNUMERIC", "REQUIRED")
    assert types["_deleted"] == ("BOOL", "REQUIRED")
    assert "dt" not in types and "hr" not in types  # partition columns come from the paths


def test_flink_outputs_take_their_schema_from_the_parquet_files():
    assert schema_of("enriched_visits") is None
    assert load_job_config(ROOT, "enriched_visits").schema is None


def test_source_uris_all_files_or_given_days():
    assert source_uris(ROOT, "visits") == ["gs://hospital-lake/prod/curated/visits/*.parquet"]
    assert source_uris(ROOT, "visits", ["2026-11-22", "2026-11-21", "2026-11-22"]) == [
        "gs://hospital-lake/prod/curated/visits/dt=2026-11-21/*.parquet",
        "gs://hospital-lake/prod/curated/visits/dt=2026-11-22/*.parquet",
    ]


def test_bigquery_types():
    assert bigquery_type(VERSION_TYPE) == "BIGNUMERIC"  # 38 integer digits do not fit NUMERIC
    assert bigquery_type(MONEY_TYPE) == "NUMERIC"


def test_plans_only_for_datasets_with_files(tmp_path):
    store = LocalStore(tmp_path)
    LakeSink(store, span=100).write(stream(50))
    plans = plan_loads(store, Target("proj", "hospital", "EU"))
    assert [p.dataset for p in plans] == ["visits"]
    plan = plans[0]
    assert plan.staging == "proj.hospital.visits__staging"
    assert plan.target == "proj.hospital.visits"
    assert "MERGE INTO `proj.hospital.visits` AS T" in plan.merge_sql
    assert "FROM `proj.hospital.visits__staging`" in plan.merge_sql


class FakeJob:
    output_rows = 5
    num_dml_affected_rows = 3

    def result(self):
        return self


class FakeClient:
    def __init__(self):
        self.calls = []

    def create_dataset(self, dataset, exists_ok):
        self.calls.append(("create_dataset", dataset.dataset_id, exists_ok))

    def load_table_from_uri(self, uris, destination, job_config, location):
        self.calls.append(("load", tuple(uris), destination, job_config.write_disposition, location))
        return FakeJob()

    def create_table(self, table, exists_ok):
        self.calls.append(("create_table", table.table_id, table.clustering_fields, exists_ok))

    def query(self, sql, location):
        self.calls.append(("merge" if "MERGE INTO" in sql else "view", location))
        return FakeJob()


def test_run_loads_loads_staging_then_merges(tmp_path):
    store = LocalStore(tmp_path)
    LakeSink(store, span=100).write(stream(50))
    target = Target("proj", "hospital", "EU")
    plans = [p.__class__(**{**p.__dict__, "source_uris": ["gs://b/curated/visits/*.parquet"]})
             for p in plan_loads(store, target)]
    client = FakeClient()
    results = run_loads(client, target, plans)
    assert [c[0] for c in client.calls] == ["create_dataset", "load", "create_table", "merge", "view"]
    assert client.calls[1][1:] == (("gs://b/curated/visits/*.parquet",), "proj.hospital.visits__staging",
                                   "WRITE_TRUNCATE", "EU")
    assert client.calls[2] == ("create_table", "visits", ["visit_id"], True)
    assert results == [{"dataset": "visits", "loaded_rows": 5, "merged_rows": 3}]


def test_local_root_cannot_be_loaded(tmp_path):
    store = LocalStore(tmp_path)
    LakeSink(store, span=100).write(stream(5))
    target = Target("proj", "hospital", "EU")
    with pytest.raises(BigQueryLoadError, match="HOSPITAL_LAKE__ROOT=gs://"):
        run_loads(FakeClient(), target, plan_loads(store, target))
