"""Connections to the operational and analytics databases, roles and migrations."""

from __future__ import annotations

from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy.engine import URL

from hospital.settings import REPO_ROOT, Settings

ALEMBIC_INI = REPO_ROOT / "db" / "alembic.ini"
GRANTS_SQL = REPO_ROOT / "db" / "grants" / "replication_role.sql"


def conninfo(settings: Settings, database: str | None = None, *, role: str = "app") -> str:
    """libpq connection string for the app owner, the replication role or the superuser."""
    pg = settings.postgres
    user, secret_key = {
        "app": (pg.user, "password"),
        "replication": (pg.replication_user, "replication_password"),
        "superuser": (pg.superuser, "superuser_password"),
    }[role]
    return psycopg.conninfo.make_conninfo(
        host=pg.host,
        port=pg.port,
        dbname=database or pg.database,
        user=user,
        password=settings.secret("postgres", secret_key),
        connect_timeout=5,
        application_name="hospital",
    )


def connect(settings: Settings, database: str | None = None, *, role: str = "app", **kwargs) -> psycopg.Connection:
    return psycopg.connect(conninfo(settings, database, role=role), **kwargs)


def sqlalchemy_url(settings: Settings, database: str | None = None) -> URL:
    pg = settings.postgres
    return URL.create(
        "postgresql+psycopg",
        username=pg.user,
        password=settings.secret("postgres", "password"),
        host=pg.host,
        port=pg.port,
        database=database or pg.database,
    )


def ensure_roles(settings: Settings) -> None:
    """Create (or re-password) the app owner and the CDC replication role.

    Runs as the superuser; roles are cluster-wide, so they live outside migrations.
    The app role owns both databases; the replication role can only log in,
    replicate and (after grant_replication_role) read the captured tables.
    """
    pg = settings.postgres
    app_pw = settings.secret("postgres", "password")
    repl_pw = settings.secret("postgres", "replication_password")
    with connect(settings, "postgres", role="superuser", autocommit=True) as conn:
        for user, password, attrs in (
            (pg.user, app_pw, sql.SQL("LOGIN CREATEDB")),
            (pg.replication_user, repl_pw, sql.SQL("LOGIN REPLICATION")),
        ):
            exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (user,)).fetchone()
            verb = sql.SQL("ALTER ROLE") if exists else sql.SQL("CREATE ROLE")
            # Passwords cannot be bind parameters in DDL; sql.Literal quotes them safely.
            conn.execute(
                sql.SQL("{} {} WITH {} PASSWORD {}").format(verb, sql.Identifier(user), attrs, sql.Literal(password))
            )
        for database in (pg.database,):
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,)).fetchone()
            if not exists:
                conn.execute(sql.SQL("CREATE DATABASE {} OWNER {}").format(sql.Identifier(database), sql.Identifier(pg.user)))


def grant_replication_role(settings: Settings) -> None:
    """Give the CDC role read access to the captured tables and the heartbeat write."""
    statement = sql.SQL(Path(GRANTS_SQL).read_text()).format(role=sql.Identifier(settings.postgres.replication_user))
    with connect(settings, autocommit=True) as conn:
        conn.execute(statement)


def alembic_config(settings: Settings, database: str | None = None, analytics_database: str | None = None):
    from alembic.config import Config

    cfg = Config(str(ALEMBIC_INI))
    cfg.attributes["url"] = sqlalchemy_url(settings, database)
    cfg.attributes["analytics_database"] = analytics_database
    return cfg


def migrate(settings: Settings, revision: str = "head", database: str | None = None,
            analytics_database: str | None = None) -> None:
    from alembic import command

    command.upgrade(alembic_config(settings, database, analytics_database), revision)


def downgrade(settings: Settings, revision: str, database: str | None = None,
              analytics_database: str | None = None) -> None:
    from alembic import command

    command.downgrade(alembic_config(settings, database, analytics_database), revision)


def current_revision(settings: Settings, database: str | None = None) -> str | None:
    with connect(settings, database) as conn:
        row = conn.execute(
            "SELECT version_num FROM alembic_version" if _has_alembic(conn) else "SELECT NULL"
        ).fetchone()
    return row[0] if row else None


def _has_alembic(conn: psycopg.Connection) -> bool:
    return conn.execute("SELECT to_regclass('public.alembic_version') IS NOT NULL").fetchone()[0]
