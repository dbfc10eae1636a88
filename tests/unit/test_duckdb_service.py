"""The DuckDB consumer's service entry, settings paths and the read-only query used by `hospital sql duckdb`."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from consumers.duckdb.errors import WarehouseError, WarehouseNotPublished
from consumers.duckdb.query import run_query
from consumers.duckdb.service import services
from consumers.duckdb.settings import config, topics
from consumers.duckdb.sink import DuckDBSink
from consumers.duckdb.warehouse import Warehouse
from hospital.local.layout import Layout
from hospital.settings import Settings
from tests.unit.duckdb_samples import doctor


@pytest.fixture
def settings(tmp_path):
    return Settings(home=tmp_path)


def test_paths_resolve_under_home_and_topics_cover_tables_and_outputs(settings, tmp_path):
    cfg = config(settings)
    assert cfg.published == tmp_path / "data" / "warehouse" / "hospital.duckdb"
    assert cfg.work == tmp_path / ".local" / "duckdb" / "work.duckdb"
    names = topics(settings)
    assert "hospital.public.visits" in names and "enriched.visits" in names and "alerts.vitals" in names
    assert "hospital.public.devices" not in names


def test_service_runs_the_runner_module_and_is_ready_only_with_a_fresh_heartbeat(settings):
    (svc,) = services(settings, Layout.of(settings))
    assert svc.name == "duckdb-consumer"
    assert svc.command == [sys.executable, "-m", "consumers.duckdb.runner"]
    assert not svc.ready()
    cfg = config(settings)
    for path in (cfg.published, cfg.alive):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()
    assert svc.ready()
    stale = time.time() - 600
    os.utime(cfg.alive, (stale, stale))
    assert not svc.ready()


def test_query_reads_the_published_file(tmp_path):
    warehouse = Warehouse.open(tmp_path / "work.duckdb")
    sink = DuckDBSink(warehouse, tmp_path / "hospital.duckdb")
    try:
        sink.write([doctor(1, experience=3)])
        sink.publish()
        # The consumer still holds its working database: the published copy is readable regardless.
        columns, rows = run_query(sink.published_path, "SELECT doctor_id, experience_level FROM dim_doctors")
        assert (columns, rows) == (["doctor_id", "experience_level"], [(1, "Junior")])
        with pytest.raises(WarehouseError) as error:
            run_query(sink.published_path, "DELETE FROM state.doctors")
        assert "\n" not in str(error.value) and "read-only" in str(error.value)
    finally:
        warehouse.close()


def test_query_before_any_publish_says_what_to_do(tmp_path):
    with pytest.raises(WarehouseNotPublished) as error:
        run_query(tmp_path / "missing.duckdb", "SELECT 1")
    assert "hospital up" in str(error.value)


def test_a_second_writer_gets_a_clear_error(tmp_path):
    import subprocess

    path = tmp_path / "work.duckdb"
    first = Warehouse.open(path)
    try:
        out = subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; "
                              "from consumers.duckdb.warehouse import Warehouse; Warehouse.open(Path(sys.argv[1]))",
                              str(path)], capture_output=True, text=True, timeout=60, cwd=Path(__file__).parents[2])
        assert out.returncode != 0
        assert "only one may write it" in out.stderr
    finally:
        first.close()


def test_warehouse_summary_counts_live_rows(tmp_path):
    from consumers.duckdb.query import warehouse_summary

    warehouse = Warehouse.open(tmp_path / "work.duckdb")
    sink = DuckDBSink(warehouse, tmp_path / "hospital.duckdb")
    try:
        sink.write([doctor(1), doctor(2), doctor(3, deleted=True)])
        sink.publish()
        summary = warehouse_summary(sink.published_path)
        assert summary["rows"]["doctors"] == 2 and summary["rows"]["visits"] == 0
        assert summary["seconds_since_publish"] is not None and summary["last_source_ts"] is not None
    finally:
        warehouse.close()
