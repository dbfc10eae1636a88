"""Open clickhouse-connect clients: embedded chDB locally, a server over HTTP when deployed.

Everything after opening (DDL, inserts, queries) is the same code for both.
"""

from __future__ import annotations

import clickhouse_connect
from clickhouse_connect.driver.client import Client
from clickhouse_connect.driver.exceptions import OperationalError

from consumers.clickhouse.errors import SinkUnavailable
from consumers.clickhouse.settings import SinkConfig

# Ad hoc queries: no writes or DDL (readonly=2 still lets the client pass per-query settings),
# and FINAL applied to every ReplacingMergeTree/SummingMergeTree read, so `SELECT count() FROM
# visits` counts current rows, not stored versions.
READ_SETTINGS = {"readonly": 2, "final": 1}


def open_client(cfg: SinkConfig, *, read_only: bool = False, database: str | None = None) -> Client:
    settings = dict(READ_SETTINGS, max_execution_time=cfg.query_timeout_s) if read_only else {}
    try:
        if cfg.embedded:
            cfg.chdb_path.mkdir(parents=True, exist_ok=True)
            return clickhouse_connect.get_client(interface="chdb", path=str(cfg.chdb_path), database=database,
                                                 settings=settings)
        return clickhouse_connect.get_client(dsn=cfg.dsn, username=cfg.user, password=cfg.password,
                                             database=database, settings=settings)
    except OperationalError as exc:
        raise SinkUnavailable(f"ClickHouse at {cfg.dsn} not reachable: {exc}") from None
