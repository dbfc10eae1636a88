"""`hospital sql clickhouse`: ask the consumer's query endpoint (embedded chDB) or the server."""

from __future__ import annotations

import requests
from clickhouse_connect.driver.exceptions import ClickHouseError

from consumers.clickhouse.connection import open_client
from consumers.clickhouse.errors import QueryError, SinkUnavailable
from consumers.clickhouse.settings import SinkConfig, sink_config
from hospital.settings import Settings


def query(settings: Settings, sql: str, parameters: dict | None = None) -> tuple[list[str], list[list]]:
    """Rows of a read-only query; parameters bind {name:Type} placeholders."""
    cfg = sink_config(settings)
    return via_endpoint(cfg, sql, parameters) if cfg.embedded else via_server(cfg, sql, parameters)


def via_endpoint(cfg: SinkConfig, sql: str, parameters: dict | None = None) -> tuple[list[str], list[list]]:
    url = f"{cfg.endpoint_url}/query"
    params = {f"param_{k}": v for k, v in (parameters or {}).items()}
    try:
        response = requests.post(url, params=params, data=sql.encode(), timeout=cfg.query_timeout_s + 10)
    except requests.ConnectionError:
        raise QueryError(f"clickhouse: the ClickHouse consumer (owner of the chDB at {cfg.chdb_path}) is not "
                         f"answering on {cfg.endpoint_url}; start it with `hospital up`") from None
    except requests.Timeout:
        raise QueryError(f"clickhouse: no answer from {url} within {cfg.query_timeout_s + 10}s") from None
    if response.status_code != 200:
        try:
            message = response.json().get("error", response.text)
        except ValueError:
            message = response.text
        raise QueryError(f"clickhouse: {message}")
    body = response.json()
    return body["columns"], body["rows"]


def via_server(cfg: SinkConfig, sql: str, parameters: dict | None = None) -> tuple[list[str], list[list]]:
    try:
        client = open_client(cfg, read_only=True, database=cfg.database)
    except SinkUnavailable as exc:
        raise QueryError(f"clickhouse: {exc}") from None
    try:
        result = client.query(sql, parameters=parameters or None)
        return list(result.column_names), [list(row) for row in result.result_rows]
    except ClickHouseError as exc:
        raise QueryError(f"clickhouse: {str(exc).strip().splitlines()[0]}") from None
    finally:
        client.close()
