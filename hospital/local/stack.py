"""Bring the local stack up and down, and report its health."""

from __future__ import annotations

import shutil
import time
from typing import Callable

from hospital import connectors, postgres
from hospital.errors import ServiceError
from hospital.local import connect_worker, flink_cluster, kafka_node, postgres_cluster
from hospital.local.layout import Layout, find_java
from hospital.local.services import Service, port_in_use, tail
from hospital.local.supervisor import DEAD_STATES, Supervisor
from hospital.settings import Settings

Progress = Callable[[str], None]

# Extra services (Flink cluster, consumers) register themselves here, in start order.
EXTRA_SERVICES: list[Callable[[Settings, Layout], list[Service]]] = [flink_cluster.services]


def services(settings: Settings, layout: Layout) -> list[Service]:
    core = [
        postgres_cluster.service(settings, layout),
        kafka_node.service(settings, layout),
        connect_worker.service(settings, layout),
    ]
    for extra in EXTRA_SERVICES:
        core.extend(extra(settings, layout))
    return core


def _clickhouse_consumer(settings: Settings, layout: Layout) -> list[Service]:
    # Imported when the stack is assembled, so hospital.local does not import the consumers at load time.
    from consumers.clickhouse.service import services as clickhouse_services

    return clickhouse_services(settings, layout)


EXTRA_SERVICES.append(_clickhouse_consumer)


def secret_env(settings: Settings) -> dict[str, str]:
    """Secrets handed to supervisord's environment (inherited by the services), never written to its config."""
    return {"HOSPITAL_POSTGRES__REPLICATION_PASSWORD": settings.secret("postgres", "replication_password")}


def start_services(settings: Settings, progress: Progress = print, only: set[str] | None = None) -> list[Service]:
    layout = Layout.of(settings)
    layout.make_dirs()
    find_java()  # fail early with a clear message
    all_services = services(settings, layout)
    supervisor = Supervisor(layout)
    changed = supervisor.write_config(all_services)
    supervisor.ensure_running(secret_env(settings), changed)
    for svc in all_services:
        if only is None or svc.name in only:
            start_one(supervisor, layout, svc, progress)
    return all_services


def start_one(supervisor: Supervisor, layout: Layout, svc: Service, progress: Progress) -> None:
    state = supervisor.state(svc.name)
    if state in ("RUNNING", "STARTING") and svc.ready():
        progress(f"{svc.name}: already running")
        return
    if state not in ("RUNNING", "STARTING", "BACKOFF") and port_in_use(svc.port):
        raise ServiceError(
            f"{svc.name}: port {svc.port} is already in use by another process; stop it or set {svc.port_setting}"
        )
    if svc.prepare:
        try:
            svc.prepare()
        except (OSError, RuntimeError) as exc:
            raise ServiceError(f"{svc.name}: set-up failed: {exc}") from None
    progress(f"{svc.name}: starting (log {layout.log(svc.name)})")
    started = time.monotonic()
    supervisor.start(svc.name)
    while not svc.ready():
        state = supervisor.state(svc.name)
        if state in DEAD_STATES:
            raise ServiceError(f"{svc.name} died ({state}); last lines of {layout.log(svc.name)}:\n{tail(layout.log(svc.name))}")
        if time.monotonic() - started > svc.start_timeout:
            raise ServiceError(
                f"{svc.name} not ready after {svc.start_timeout:.0f}s; last lines of {layout.log(svc.name)}:\n{tail(layout.log(svc.name))}"
            )
        time.sleep(0.5)
    progress(f"{svc.name}: ready in {time.monotonic() - started:.1f}s")


def prepare_database(settings: Settings, progress: Progress = print) -> None:
    postgres.ensure_roles(settings)
    postgres.migrate(settings)
    postgres.grant_replication_role(settings)
    progress("postgres: roles, migrations and grants applied")


def up(settings: Settings, progress: Progress = print) -> None:
    start_services(settings, progress)
    prepare_database(settings, progress)
    connectors.register(settings)
    progress(f"connect: connector {settings.connect.connector_name} RUNNING")
    for step in UP_STEPS:
        step(settings, progress)


# Later stages (Flink job submission, consumers) append callables here.
UP_STEPS: list[Callable[[Settings, Progress], None]] = [flink_cluster.up_step]


def down(settings: Settings, purge: bool = False, progress: Progress = print) -> None:
    layout = Layout.of(settings)
    supervisor = Supervisor(layout)
    if supervisor.running():
        for svc in reversed(services(settings, layout)):
            if supervisor.state(svc.name) not in DEAD_STATES:
                progress(f"{svc.name}: stopping")
                supervisor.stop(svc.name)
        supervisor.shutdown()
        progress("all services stopped")
    else:
        progress("nothing running")
    if purge:
        if layout.pg_home.is_symlink():
            shutil.rmtree(layout.pg_home.resolve(), ignore_errors=True)
            layout.pg_home.unlink()
        for path in (layout.pg_home, layout.root / "kafka", layout.flink_state, layout.logs, layout.conf,
                     layout.run, settings.data_dir):
            shutil.rmtree(path, ignore_errors=True)
        progress("data purged (downloads and secrets kept)")


def status(settings: Settings) -> dict:
    layout = Layout.of(settings)
    supervisor = Supervisor(layout)
    report: dict = {"services": {}, "connector": None, "topics": {}}
    for svc in services(settings, layout):
        info = supervisor.info(svc.name)
        report["services"][svc.name] = {
            "state": info["statename"],
            "pid": info.get("pid") or None,
            "port": svc.port,
            "healthy": info["statename"] == "RUNNING" and svc.ready(),
            "log": str(layout.log(svc.name)),
        }
    report["connector"] = connectors.status(settings)
    if report["services"].get("kafka", {}).get("healthy"):
        from hospital.topics import topic_counts

        report["topics"] = topic_counts(settings)
    report["flink"] = flink_cluster.status(settings)
    if report["services"].get("postgres", {}).get("healthy"):
        from hospital import pipeline_status

        report["lag"] = pipeline_status.lag(settings)
        report["rows"] = pipeline_status.rows(settings)
    return report


# The DuckDB warehouse consumer (consumers/duckdb) runs as a supervised service.
from consumers.duckdb.service import services as duckdb_services  # noqa: E402

EXTRA_SERVICES.append(duckdb_services)

# The lake consumer (consumers/lake) and, with HOSPITAL_LAKE__GCS_EMULATOR=true, the GCS emulator.
from consumers.lake.service import services as lake_services  # noqa: E402

EXTRA_SERVICES.append(lake_services)
