"""Every job builds its plan, and the SQL files agree with the Python that feeds them."""

from __future__ import annotations

import re

import pytest

from flink_jobs.cdc_enrich import job as cdc_job
from flink_jobs.cdc_enrich.transforms import OUTPUT_COLUMNS as CDC_COLUMNS
from flink_jobs.secrets import SecretSource
from flink_jobs.sql_files import MissingParameter, PLACEHOLDER, render
from flink_jobs.vitals import job as vitals_job
from flink_jobs.vitals.udfs import OUTPUT_COLUMNS as VITALS_COLUMNS
from hospital.settings import Settings
from tests.unit.flink_local import CONNECTOR_JARS, local_env, swapped_tables

KEY_SOURCE = SecretSource("HOSPITAL_TEST_PSEUDONYM_KEY")
SETTINGS = Settings(postgres={"password": "not-used"})  # no secret files touched


def alias_list(sql_file, function: str) -> list[str]:
    text = sql_file.read_text()
    match = re.search(rf"{function}\(.*?\)\) AS c\((.*?)\)", text, re.S)
    return [name.strip() for name in match.group(1).split(",")]


def test_render_quotes_values_and_lists_options():
    assert render("x = ${a}", {"a": "it's"}) == "x = 'it''s'"
    assert render("WITH (${options})", {"options": {"k": "v'"}}) == "WITH ('k' = 'v''')"
    with pytest.raises(MissingParameter):
        render("${missing}")


def test_sql_files_only_use_known_placeholders():
    for sql_file in list(cdc_job.SQL.rglob("*.sql")) + list(vitals_job.SQL.rglob("*.sql")):
        assert set(PLACEHOLDER.findall(sql_file.read_text())) <= {"options", "fk_grace"}, sql_file


def test_parser_column_lists_match_python():
    assert alias_list(cdc_job.SQL / "views" / "cdc_changes.sql", "parse_change") == list(CDC_COLUMNS)
    assert alias_list(vitals_job.SQL / "views" / "vitals_parsed.sql", "read_vital") == list(VITALS_COLUMNS)


def test_grace_interval_literal():
    assert cdc_job.day_to_second(300) == "0 00:05:00"
    assert cdc_job.day_to_second(90061) == "1 01:01:01"


def test_every_insert_targets_a_declared_sink():
    for job in (cdc_job, vitals_job):
        assert sorted(p.stem for p in (job.SQL / "inserts").glob("*.sql")) == sorted(job.SINKS)


@pytest.fixture(scope="module")
def env():
    return local_env()


def test_cdc_enrich_plan_builds(env):
    tables = swapped_tables(cdc_job.production_tables(SETTINGS), "cdc_raw", [], cdc_job.SINKS)
    plan = cdc_job.build(env, tables, KEY_SOURCE, 300).explain()
    for sink in cdc_job.SINKS:
        assert f"table=[default_catalog.default_database.{sink}]" in plan
    optimized = plan[plan.index("== Optimized Execution Plan =="):]
    assert optimized.count("PythonCorrelate(") == 1, "one Python parser for all tables"


def test_vitals_plan_builds():
    env = local_env()
    tables = swapped_tables(vitals_job.production_tables(SETTINGS), "vitals_raw", [], vitals_job.SINKS)
    plan = vitals_job.build(env, tables, SecretSource("HOSPITAL_TEST_VITALS_KEYS"), vitals_job.rules()).explain()
    for sink in vitals_job.SINKS:
        assert f"table=[default_catalog.default_database.{sink}]" in plan
    assert "WatermarkAssigner" in plan and "TUMBLE" in plan


@pytest.mark.skipif(not CONNECTOR_JARS, reason="connector jars not built (make bootstrap)")
def test_production_plans_with_kafka_and_jdbc_tables():
    """The real CREATE TABLE statements plan (no connection is made while planning)."""
    env = local_env(CONNECTOR_JARS)
    plan = cdc_job.build(env, cdc_job.production_tables(SETTINGS), KEY_SOURCE, 300).explain()
    assert "cdc_raw" in plan and "enriched_visits_db" in plan
    env = local_env(CONNECTOR_JARS)
    plan = vitals_job.build(env, vitals_job.production_tables(SETTINGS), SecretSource("X"), vitals_job.rules())
    assert "alerts_db" in plan.explain()
