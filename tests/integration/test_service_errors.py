"""Clear one-line errors from the service manager, using a real supervisord on a temp layout."""

from __future__ import annotations

import socket
import sys

import pytest

from hospital.errors import ServiceError
from hospital.local.layout import Layout
from hospital.local.services import Service
from hospital.local.stack import start_one
from hospital.local.supervisor import Supervisor

pytestmark = pytest.mark.integration


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def supervisor(tmp_path):
    layout = Layout(tmp_path / "local")
    layout.make_dirs()
    sup = Supervisor(layout)
    yield sup
    sup.shutdown()


def test_a_service_that_dies_reports_the_tail_of_its_log(supervisor):
    svc = Service(name="fragile", command=[sys.executable, "-c", "print('cannot open data dir: disk on fire'); raise SystemExit(3)"],
                  port=free_port(), port_setting="HOSPITAL_FRAGILE__PORT", ready=lambda: False, start_timeout=30)
    supervisor.write_config([svc])
    supervisor.ensure_running({}, config_changed=False)
    with pytest.raises(ServiceError) as error:
        start_one(supervisor, supervisor.layout, svc, progress=lambda _: None)
    message = str(error.value)
    assert message.startswith("fragile died")
    assert "disk on fire" in message


def test_a_taken_port_names_the_setting_to_change(supervisor):
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        svc = Service(name="web", command=[sys.executable, "-m", "http.server", str(port)], port=port,
                      port_setting="HOSPITAL_WEB__PORT", ready=lambda: False)
        supervisor.write_config([svc])
        supervisor.ensure_running({}, config_changed=False)
        with pytest.raises(ServiceError) as error:
            start_one(supervisor, supervisor.layout, svc, progress=lambda _: None)
    assert f"port {port} is already in use" in str(error.value)
    assert "HOSPITAL_WEB__PORT" in str(error.value)


def test_a_healthy_service_starts_and_a_second_start_is_a_no_op(supervisor):
    port = free_port()

    def ready() -> bool:
        with socket.socket() as s:
            return s.connect_ex(("127.0.0.1", port)) == 0

    svc = Service(name="web", command=[sys.executable, "-m", "http.server", "--bind", "127.0.0.1", str(port)],
                  port=port, port_setting="HOSPITAL_WEB__PORT", ready=ready)
    supervisor.write_config([svc])
    supervisor.ensure_running({}, config_changed=False)
    lines: list[str] = []
    start_one(supervisor, supervisor.layout, svc, progress=lines.append)
    start_one(supervisor, supervisor.layout, svc, progress=lines.append)
    assert lines[-1] == "web: already running"
    assert supervisor.state("web") in ("STARTING", "RUNNING")
