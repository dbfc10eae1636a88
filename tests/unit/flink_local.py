"""A local PyFlink environment with the jobs' sources swapped for in-memory rows and their sinks
for blackholes, so the jobs' own SQL runs in unit tests without Kafka or Postgres."""

from __future__ import annotations

from pathlib import Path

from pyflink.common import RowKind
from pyflink.table import DataTypes

from flink_jobs.environment import local_config, table_environment
from flink_jobs.tables import blackhole_sinks
from hospital.settings import REPO_ROOT

CONNECTOR_JARS = sorted((REPO_ROOT / ".local" / "jvm" / "flink-lib").glob("*.jar"))

RAW_COLUMNS = [
    DataTypes.FIELD("msg_key", DataTypes.BYTES()),
    DataTypes.FIELD("value", DataTypes.STRING()),
    DataTypes.FIELD("topic", DataTypes.STRING()),
    DataTypes.FIELD("partition", DataTypes.INT()),
    DataTypes.FIELD("offset", DataTypes.BIGINT()),
    DataTypes.FIELD("kafka_ms", DataTypes.BIGINT()),
]


def local_env(jars: list[Path] = ()):
    return table_environment(local_config("unit-test", jars))


def raw_source(name: str, records: list[tuple[str, str | None, int]], keep_open_seconds: int = 0):
    """A source table override: records are (topic, value text, kafka timestamp ms).

    keep_open_seconds adds one null record (skipped like a tombstone) per second, so the job
    runs long enough for processing-time timers to fire.
    """

    def register(t_env) -> None:
        rows = [(bytearray(b"k"), value, topic, 0, offset, kafka_ms)
                for offset, (topic, value, kafka_ms) in enumerate(records)]
        table = t_env.from_elements(rows, DataTypes.ROW(RAW_COLUMNS))
        t_env.create_temporary_view(f"{name}_elements", table)
        query = f"SELECT * FROM {name}_elements"
        if keep_open_seconds:
            t_env.execute_sql(
                f"CREATE TEMPORARY TABLE {name}_ticks (n INT) WITH ('connector' = 'datagen', "
                f"'rows-per-second' = '1', 'number-of-rows' = '{keep_open_seconds}')")
            query += (f" UNION ALL SELECT CAST(NULL AS BYTES), CAST(NULL AS STRING), 'ticks', 0, CAST(n AS BIGINT), "
                      f"CAST(0 AS BIGINT) FROM {name}_ticks")
        t_env.execute_sql(
            f"CREATE TEMPORARY VIEW {name} AS SELECT msg_key, `value`, `topic`, `partition`, `offset`, "
            f"TO_TIMESTAMP_LTZ(kafka_ms, 3) AS kafka_ts FROM ({query})")

    return register


def swapped_tables(production, source_name: str, records, sinks, keep_open_seconds: int = 0):
    source = raw_source(source_name, records, keep_open_seconds)
    return production.with_overrides({source_name: source}).with_options(blackhole_sinks(sinks))


def final_state(t_env, view: str, key: tuple[str, ...]) -> dict:
    """Run a view to the end of its bounded input and apply its changelog: key -> last row (dict)."""
    table = t_env.from_path(view)
    names = table.get_schema().get_field_names()
    state = {}
    with table.execute().collect() as results:
        for row in results:
            record = dict(zip(names, row))
            slot = tuple(record[k] for k in key)
            if row.get_row_kind() in (RowKind.INSERT, RowKind.UPDATE_AFTER):
                state[slot] = record
            elif row.get_row_kind() == RowKind.DELETE and state.get(slot) == record:
                del state[slot]
    return state


def all_rows(t_env, view: str, columns: str = "*") -> list[dict]:
    # TIMESTAMP_LTZ values do not cross back into Python: leave them out of `columns`.
    table = t_env.sql_query(f"SELECT {columns} FROM {view}")
    names = table.get_schema().get_field_names()
    with table.execute().collect() as results:
        return [dict(zip(names, row)) for row in results]
