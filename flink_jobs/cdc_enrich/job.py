"""cdc_enrich: one statement set from the SQL files in sql/.

    cdc_raw (all Debezium topics, raw records)
      -> cdc_changes (parse_change: typed columns, version, deleted, first violated contract)
      -> <table>_changes (valid changes of one table)      cdc_dead_letters -> dlq.cdc
      -> <table>_latest (highest version per key)           (with fk_unknown: parents missing
                                                             after fk_grace_seconds)
      -> enriched_visits / _prescriptions / _billing (LEFT JOINs)
      -> enriched.* topics (upsert-kafka) and hospital_analytics.enriched_* (JDBC upsert)
"""

from __future__ import annotations

from pathlib import Path

from flink_jobs.cdc_enrich.settings import JOB_NAME, CdcEnrichSettings
from flink_jobs.cdc_enrich.udfs import parse_change_function
from flink_jobs.secrets import SecretSource, pseudonym_key_source
from flink_jobs.sql_files import load
from flink_jobs.tables import Tables
from hospital.settings import Settings

SQL = Path(__file__).parent / "sql"
SOURCES = ("cdc_raw",)
VIEWS = (
    "cdc_changes",
    "visit_changes", "patient_changes", "doctor_changes", "medicine_changes", "prescription_changes",
    "billing_changes",
    "visits_latest", "patients_latest", "doctors_latest", "medicines_latest", "prescriptions_latest",
    "billing_latest",
    "enriched_visits", "enriched_prescriptions", "enriched_billing",
    "fk_references", "fk_parents", "fk_unresolved", "fk_unknown",
    "cdc_dead_letters",
)
# Topic tables first: the *_db tables copy their schema (CREATE TABLE ... LIKE).
SINKS = (
    "enriched_visits_topic", "enriched_prescriptions_topic", "enriched_billing_topic",
    "enriched_visits_db", "enriched_prescriptions_db", "enriched_billing_db",
    "dlq_cdc_topic",
)


def job_config(settings: Settings) -> dict[str, str]:
    """Flink puts a materializer before each upsert sink whose key differs from the join's (it
    reorders a row's retraction and update when they travel through different parallel join
    tasks). With one task per operator they cannot, and the materializers were a quarter of
    the job's CPU: leave them out at parallelism 1."""
    return {"table.exec.sink.upsert-materialize": "NONE"} if settings.flink.parallelism == 1 else {}


def production_tables(settings: Settings) -> Tables:
    return Tables(SQL, CdcEnrichSettings.of(settings).table_options(settings))


def day_to_second(seconds: int) -> str:
    """'D HH:MM:SS', the text of a DAY TO SECOND interval literal."""
    minutes, second = divmod(seconds, 60)
    hours, minute = divmod(minutes, 60)
    days, hour = divmod(hours, 24)
    return f"{days} {hour:02d}:{minute:02d}:{second:02d}"


def build(t_env, tables: Tables, key_source: SecretSource, fk_grace_seconds: int):
    """Register functions, tables and views; return the statement set with one INSERT per sink."""
    t_env.create_temporary_function("parse_change", parse_change_function(key_source))
    for name in SOURCES:
        tables.create(t_env, name)
    params = {"fk_grace": day_to_second(fk_grace_seconds)}
    for name in VIEWS:
        t_env.execute_sql(load(SQL / "views", name, params))
    for name in SINKS:
        tables.create(t_env, name)
    statements = t_env.create_statement_set()
    for name in SINKS:
        statements.add_insert_sql(load(SQL / "inserts", name))
    return statements


def plan(t_env, settings: Settings, tables: Tables | None = None):
    """The production job (Kafka and JDBC tables from settings) or, with `tables`, a variant of it."""
    return build(t_env, tables or production_tables(settings), pseudonym_key_source(settings),
                 settings.flink.fk_grace_seconds)


if __name__ == "__main__":
    from flink_jobs.runner import main

    main(JOB_NAME)
