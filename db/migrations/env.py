"""Alembic environment: the URL comes from the settings tree, never from alembic.ini."""

from alembic import context
from sqlalchemy import create_engine, pool

from hospital.postgres import sqlalchemy_url
from hospital.settings import get_settings

config = context.config


def run_migrations_online() -> None:
    url = config.attributes.get("url") or sqlalchemy_url(get_settings())
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, transaction_per_migration=True)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("offline SQL generation is not supported; run against a database")
run_migrations_online()
