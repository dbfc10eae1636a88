"""Pure transforms of the DuckDB consumer: Arrow batches, versions, keys, DDL that matches the tables."""

from __future__ import annotations

import re
from decimal import Decimal

import pyarrow as pa

from consumers.core.changes import Change
from consumers.core.tables import TABLES
from consumers.duckdb.sql_files import read_sql
from consumers.duckdb.transforms import (by_table, last_source_ts_ms, output_batch, output_key, output_row_json,
                                         table_batch, version_halves)
from tests.unit.duckdb_samples import AT, doctor, patient, version, visit


def test_version_halves_round_trip_beyond_64_bits():
    versions = [version(0x16B3F28, 0x16B3F10), 0, 2**128 - 1]
    hi, lo = version_halves(versions)
    assert [(h << 64) | l for h, l in zip(hi.to_pylist(), lo.to_pylist())] == versions


def test_table_batch_types_follow_the_logical_types():
    batch = table_batch(TABLES["visits"], [visit(1, 2, 3, "200.00"), visit(2, 2, 3, "500.01", deleted=True)])
    assert batch.schema.field("total_cost").type == pa.decimal128(10, 2)
    assert batch.schema.field("visit_date").type == pa.date32()
    assert batch.schema.field("created_at").type == pa.timestamp("us", tz="UTC")
    assert batch.column("total_cost").to_pylist() == [Decimal("200.00"), Decimal("500.01")]
    assert batch.column("_deleted").to_pylist() == [False, True]
    assert batch.column("_source_ts").type == pa.timestamp("ms", tz="UTC")


def test_patients_batch_has_age_band_and_no_birth_date():
    batch = table_batch(TABLES["patients"], [patient(1, "66+")])
    assert "date_of_birth" not in batch.column_names
    assert batch.column("age_band").to_pylist() == ["66+"]


def test_ddl_declares_exactly_the_logical_columns():
    for name, table in TABLES.items():
        ddl = read_sql(f"state/{name}.sql")
        declared = re.findall(r"^\s{4}(\w+)\s+[A-Z]", ddl, flags=re.M)
        assert declared == list(table.columns) + ["_version", "_deleted", "_source_ts"], name


def test_output_keys_are_stable_text_for_single_and_composite_keys():
    assert output_key(42) == "42"
    assert output_key(("abc", "2026-01-01 10:00:00")) == '["abc","2026-01-01 10:00:00"]'


def test_output_rows_keep_decimals_exact():
    assert output_row_json({"total": Decimal("10.10"), "n": 1}) == '{"total":"10.10","n":1}'


def test_output_batch_carries_key_version_and_delete_flag():
    changes = [Change("alerts", "a-1", {"alert_id": "a-1", "level": "high"}, version(7, 3), True, 0)]
    batch = output_batch(changes, AT)
    assert batch.column("_key").to_pylist() == ['"a-1"']
    assert batch.column("_deleted").to_pylist() == [True]
    assert (batch.column("version_hi")[0].as_py(), batch.column("version_lo")[0].as_py()) == (7, 3)


def test_grouping_and_newest_source_time():
    changes = [doctor(1, commit=5), visit(1, 1, 1, "10.00", commit=9), doctor(2, commit=3)]
    assert {t: len(c) for t, c in by_table(changes).items()} == {"doctors": 2, "visits": 1}
    assert last_source_ts_ms(changes) == 1_767_000_000_009
    assert last_source_ts_ms([]) is None
