"""How the ClickHouse consumer plugs into the stack, the CLI and the settings tree."""

import pytest

from consumers.clickhouse.service import services
from consumers.clickhouse.settings import sink_config
from hospital.errors import ConfigError
from hospital.local.layout import Layout
from hospital.settings import Settings


def test_supervised_service_runs_the_runner_and_is_ready_through_its_endpoint(tmp_path):
    settings = Settings(home=tmp_path, clickhouse={"query_port": 18999})
    (service,) = services(settings, Layout.of(settings))
    assert service.name == "clickhouse-consumer"
    assert service.command[1:] == ["-m", "consumers.clickhouse.runner"]
    assert service.port == 18999 and service.port_setting == "HOSPITAL_CLICKHOUSE__QUERY_PORT"
    assert service.ready() is False  # nothing listens on 18999 here


def test_registered_in_the_stack_and_the_sql_command():
    from hospital.local import stack
    from hospital.sql_command import ENGINES

    assert "clickhouse" in ENGINES
    names = [s.name for s in stack.services(Settings(), Layout.of(Settings()))]
    assert "clickhouse-consumer" in names


def test_config_defaults_and_server_dsn(tmp_path):
    local = sink_config(Settings(home=tmp_path))
    assert local.embedded and local.chdb_path == tmp_path / "data" / "clickhouse"
    assert local.database == "hospital" and "hospital.public.visits" in local.topics
    assert {"enriched.visits", "vitals.minute", "alerts.vitals"} <= set(local.topics)
    server = sink_config(Settings(home=tmp_path, clickhouse={"dsn": "http://clickhouse:8123"}))
    assert not server.embedded


def test_bad_dsn_names_the_key_to_set(tmp_path):
    with pytest.raises(ConfigError, match="HOSPITAL_CLICKHOUSE__DSN"):
        sink_config(Settings(home=tmp_path, clickhouse={"dsn": "clickhouse:8123"}))
