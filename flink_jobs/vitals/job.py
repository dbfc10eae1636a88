"""vitals: one statement set from the SQL files in sql/.

    vitals_raw (vitals.raw, raw records)
      -> vitals_parsed (read_vital: decrypt, type, check, NEWS2, rule evaluations)
      -> vitals_timed (event time = measured_at, watermark OUT_OF_ORDER_SECONDS behind)
      -> vitals_readings (valid, on time)         vitals_dead_letters -> dlq.vitals
      -> vitals_minute (1-minute tumbling windows) -> vitals.minute + hospital_analytics.vitals_minute
      -> vitals_latest (latest per patient)        -> hospital_analytics.vitals_latest
      -> rule_evaluations -> rule_runs -> rule_sustained -> vitals_alerts (computed once)
                                                   -> alerts.vitals + hospital_analytics.vitals_alerts
"""

from __future__ import annotations

from pathlib import Path

from flink_jobs.secrets import SecretSource, vitals_keys_source
from flink_jobs.sql_files import load
from flink_jobs.tables import Tables
from flink_jobs.vitals.errors import VitalsJobError
from flink_jobs.vitals.settings import JOB_NAME, OUT_OF_ORDER_SECONDS, RULES_FILE, STATE_TTL, VitalsJobSettings
from flink_jobs.vitals.transforms import Rules, RulesError, load_rules
from flink_jobs.vitals.udfs import read_vital_function
from hospital.settings import Settings

SQL = Path(__file__).parent / "sql"
SOURCES = ("vitals_raw",)
PARSE_VIEWS = ("vitals_parsed",)
VIEWS = (
    "vitals_readings", "vitals_dead_letters", "vitals_minute", "vitals_latest",
    "rule_evaluations", "rule_runs", "rule_sustained", "vitals_alerts",
)
SINKS = ("vitals_minute_topic", "vitals_minute_db", "vitals_latest_db", "alerts_topic", "alerts_db",
         "dlq_vitals_topic")


def job_config(settings: Settings) -> dict[str, str]:
    """The state is small (per patient and rule, with a TTL) and touched by every rule evaluation:
    on the heap it costs a fraction of RocksDB's serialisation per access."""
    return {"state.backend.type": "hashmap"}


def production_tables(settings: Settings) -> Tables:
    return Tables(SQL, VitalsJobSettings.of(settings).table_options(settings))


def rules() -> Rules:
    try:
        return load_rules(RULES_FILE)
    except RulesError as exc:
        raise VitalsJobError(f"rules.yaml: {exc}") from None


def computed_once(t_env, view: str, stream_view: str) -> None:
    """A view that several sinks read, computed once: SQL views are expanded per use, and the
    UNNEST in rule_evaluations makes each expansion unique, so the planner would not share them."""
    t_env.create_temporary_view(stream_view, t_env.from_data_stream(t_env.to_data_stream(t_env.from_path(view))))


def add_event_time(t_env, parsed_view: str, timed_view: str) -> None:
    """Event time with a watermark on a view (SQL declares watermarks only on source tables):
    through a DataStream and back, which stays inside the JVM."""
    from pyflink.table import Schema

    stream = t_env.to_data_stream(t_env.from_path(parsed_view))
    schema = (Schema.new_builder()
              .column_by_expression("rowtime", "TO_TIMESTAMP_LTZ(event_ms, 3)")
              .watermark("rowtime", f"rowtime - INTERVAL '{OUT_OF_ORDER_SECONDS}' SECOND")
              .build())
    t_env.create_temporary_view(timed_view, t_env.from_data_stream(stream, schema))


def build(t_env, tables: Tables, keys_source: SecretSource, rule_set: Rules):
    config = t_env.get_config()
    config.set("table.local-time-zone", "UTC")
    config.set("table.exec.state.ttl", STATE_TTL)
    t_env.create_temporary_function("read_vital", read_vital_function(keys_source, rule_set))
    for name in SOURCES:
        tables.create(t_env, name)
    for name in PARSE_VIEWS:
        t_env.execute_sql(load(SQL / "views", name))
    add_event_time(t_env, "vitals_parsed", "vitals_timed")
    for name in VIEWS:
        t_env.execute_sql(load(SQL / "views", name))
    computed_once(t_env, "vitals_alerts", "vitals_alerts_once")
    for name in SINKS:
        tables.create(t_env, name)
    statements = t_env.create_statement_set()
    for name in SINKS:
        statements.add_insert_sql(load(SQL / "inserts", name))
    return statements


def plan(t_env, settings: Settings, tables: Tables | None = None):
    """The production job (Kafka and JDBC tables from settings) or, with `tables`, a variant of it."""
    return build(t_env, tables or production_tables(settings), vitals_keys_source(settings), rules())


if __name__ == "__main__":
    from flink_jobs.runner import main

    main(JOB_NAME)
