"""Lag per stage and rows per sink for `hospital status`: cheap reads, one failure never hides the rest."""

from __future__ import annotations

from typing import Callable

from consumers.core.tables import TABLES
from hospital.errors import HospitalError
from hospital.settings import Settings


def _guarded(read: Callable[[], object]) -> object:
    """A stage that cannot be read shows why, instead of failing the whole status."""
    try:
        return read()
    except (HospitalError, OSError, ValueError) as exc:
        return f"unavailable: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"
    except Exception as exc:  # client libraries raise their own types (kafka, psycopg, duckdb)
        return f"unavailable: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}".rstrip(": ")


def slot_lag_bytes(settings: Settings) -> int | None:
    """WAL written but not yet confirmed by Debezium."""
    from hospital.postgres import connect

    with connect(settings) as conn:
        row = conn.execute(
            "SELECT (pg_current_wal_lsn() - confirmed_flush_lsn)::bigint FROM pg_replication_slots "
            "WHERE slot_name = %s", (settings.postgres.slot,)).fetchone()
    return int(row[0]) if row and row[0] is not None else None


def lag(settings: Settings) -> dict:
    """debezium: WAL bytes behind; each consumer group: messages not yet committed."""
    from hospital.reconcile.lag import consumer_groups, group_lag

    out: dict = {"debezium_wal_bytes": _guarded(lambda: slot_lag_bytes(settings))}
    for sink, group in consumer_groups(settings).items():
        out[sink] = _guarded(lambda group=group: group_lag(settings, group))
    return out


def _postgres_counts(settings: Settings, database: str | None, tables: list[str],
                     live_only: bool = False) -> dict[str, int]:
    from psycopg import sql

    from hospital.postgres import connect

    query = sql.SQL("SELECT count(*) FROM {}" + (" WHERE NOT deleted" if live_only else ""))
    with connect(settings, database) as conn:
        return {t: conn.execute(query.format(sql.Identifier(t))).fetchone()[0] for t in tables}


def _clickhouse_counts(settings: Settings) -> dict[str, int]:
    from consumers.clickhouse.query_client import query

    union = " UNION ALL ".join(f"SELECT '{t}', count() FROM {t} FINAL WHERE _deleted = 0" for t in TABLES)
    return {name: int(n) for name, n in query(settings, union)[1]}  # fixed table names


def _duckdb_counts(settings: Settings) -> dict[str, int]:
    from consumers.duckdb.query import warehouse_summary
    from consumers.duckdb.settings import config

    return warehouse_summary(config(settings).published)["rows"]


def _analytics_counts(settings: Settings) -> dict[str, int]:
    """Enriched facts, keyed by their source table so they line up with it."""
    from hospital.reconcile.analytics import FACTS

    counts = _postgres_counts(settings, settings.postgres.analytics_database, [FACTS[t][0] for t in FACTS],
                              live_only=True)
    return {source: counts[FACTS[source][0]] for source in FACTS}


def rows(settings: Settings) -> dict:
    """Live rows per table: the source, then each sink as it answers now (the lake is left to reconcile)."""
    return {
        "postgres": _guarded(lambda: _postgres_counts(settings, None, list(TABLES))),
        "clickhouse": _guarded(lambda: _clickhouse_counts(settings)),
        "duckdb": _guarded(lambda: _duckdb_counts(settings)),
        "analytics": _guarded(lambda: _analytics_counts(settings)),
    }
