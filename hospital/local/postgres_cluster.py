"""A Postgres cluster under .local/pg with logical decoding enabled."""

from __future__ import annotations

import hashlib
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

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
    # Resolved paths: .local/pg may be a symlink into the postgres account's home.
    command = [
        str(bin_dir / "postgres"), "-D", str(layout.pg_data.resolve()), "-p", str(pg.port),
        f"-clisten_addresses={pg.host}", f"-cunix_socket_directories={layout.pg_socket_dir.resolve()}",
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


def ensure_pg_home(layout: Layout, user: str | None) -> None:
    """Make .local/pg usable by the account Postgres runs as.

    As root, Postgres runs as `postgres`, which cannot reach a checkout under a private
    directory (e.g. /root). Then .local/pg becomes a symlink to a directory that the
    `postgres` account owns, keyed by the checkout path.
    """
    layout.pg_home.mkdir(parents=True, exist_ok=True)
    if not user:
        return
    entry = pwd.getpwnam(user)
    os.chown(layout.pg_home, entry.pw_uid, entry.pw_gid)
    reachable = subprocess.run(["runuser", "-u", user, "--", "test", "-w", str(layout.pg_home)]).returncode == 0
    if reachable:
        return
    digest = hashlib.sha256(str(layout.root.resolve()).encode()).hexdigest()[:12]
    target = Path(entry.pw_dir) / "hospital-clusters" / digest
    target.mkdir(parents=True, exist_ok=True)
    for path in (target.parent, target):
        os.chown(path, entry.pw_uid, entry.pw_gid)
    layout.pg_home.rmdir()
    layout.pg_home.symlink_to(target, target_is_directory=True)


def init_cluster(settings: Settings, layout: Layout) -> None:
    user = os_user()
    if not (layout.pg_data / "PG_VERSION").exists():
        ensure_pg_home(layout, user)
    for path in (layout.pg_data, layout.pg_socket_dir):
        path.mkdir(parents=True, exist_ok=True)
        if user:
            entry = pwd.getpwnam(user)
            os.chown(path, entry.pw_uid, entry.pw_gid)
    if (layout.pg_data / "PG_VERSION").exists():
        return
    password = settings.secret("postgres", "superuser_password")
    with tempfile.NamedTemporaryFile("w", delete=False, dir=layout.pg_socket_dir.resolve()) as pwfile:
        pwfile.write(password)
    try:
        if user:
            entry = pwd.getpwnam(user)
            os.chown(pwfile.name, entry.pw_uid, entry.pw_gid)
        cmd = [
            str(postgres_bin() / "initdb"), "-D", str(layout.pg_data.resolve()), "-U", settings.postgres.superuser,
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
