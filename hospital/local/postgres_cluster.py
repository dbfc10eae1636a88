"""A Postgres cluster under .local/pg with logical decoding enabled."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile

import psycopg

from hospital.local.layout import Layout, postgres_bin
from hospital.local.services import Service
from hospital.postgres import conninfo
from hospital.settings import Settings

SERVER_SETTINGS = {
    "wal_level": "logical",
    "max_wal_senders": "10",
    "max_replication_slots": "10",
    # A slot may keep at most this much WAL; the Debezium heartbeat keeps it far below.
    "max_slot_wal_keep_size": "4GB",
    "shared_buffers": "256MB",
    "synchronous_commit": "on",
    "max_connections": "200",
    "log_min_messages": "warning",
}


def os_user() -> str | None:
    """Postgres refuses to run as root: use the Debian `postgres` account then."""
    return "postgres" if os.geteuid() == 0 else None


def service(settings: Settings, layout: Layout) -> Service:
    pg = settings.postgres
    bin_dir = postgres_bin()
    options = [f"-c{key}={value}" for key, value in SERVER_SETTINGS.items()]
    command = [
        str(bin_dir / "postgres"), "-D", str(layout.pg_data), "-p", str(pg.port),
        f"-clisten_addresses={pg.host}", f"-cunix_socket_directories={layout.run}",
        "-cunix_socket_permissions=0700", *options,
    ]
    return Service(
        name="postgres",
        command=command,
        port=pg.port,
        port_setting="HOSPITAL_POSTGRES__PORT",
        ready=lambda: _ready(settings),
        prepare=lambda: init_cluster(settings, layout),
        user=os_user(),
        stop_signal="INT",  # fast shutdown
    )


def init_cluster(settings: Settings, layout: Layout) -> None:
    if (layout.pg_data / "PG_VERSION").exists():
        return
    user = os_user()
    layout.pg_data.mkdir(parents=True, exist_ok=True)
    layout.run.mkdir(parents=True, exist_ok=True)
    password = settings.secret("postgres", "superuser_password")
    with tempfile.NamedTemporaryFile("w", delete=False, dir=layout.run) as pwfile:
        pwfile.write(password)
    try:
        if user:
            entry = pwd.getpwnam(user)
            for path in (layout.pg_data.parent, layout.pg_data, layout.run, pwfile.name):
                os.chown(path, entry.pw_uid, entry.pw_gid)
        cmd = [
            str(postgres_bin() / "initdb"), "-D", str(layout.pg_data), "-U", settings.postgres.superuser,
            f"--pwfile={pwfile.name}", "--auth-host=scram-sha-256", "--auth-local=peer",
            "--encoding=UTF8", "--locale=C.UTF-8",
        ]
        if user:
            cmd = ["runuser", "-u", user, "--", *cmd]
        result = subprocess.run(cmd, capture_output=True, text=True)
        if result.returncode != 0:
            shutil.rmtree(layout.pg_data, ignore_errors=True)
            raise RuntimeError(f"initdb failed: {result.stderr.strip() or result.stdout.strip()}")
    finally:
        os.unlink(pwfile.name)


def _ready(settings: Settings) -> bool:
    try:
        with psycopg.connect(conninfo(settings, "postgres", role="superuser"), connect_timeout=2) as conn:
            conn.execute("SELECT 1")
        return True
    except psycopg.OperationalError:
        return False
