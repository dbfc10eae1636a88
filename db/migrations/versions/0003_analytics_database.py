"""The analytics database `hospital_analytics` (serving store written by Flink).

CREATE DATABASE cannot run inside a transaction, hence the autocommit block.

Revision ID: 0003
Revises: 0002
"""

from alembic import context, op
from sqlalchemy import text

from hospital.settings import get_settings

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _name() -> str:
    # Tests migrate throw-away databases and pass their own analytics name.
    return context.config.attributes.get("analytics_database") or get_settings().postgres.analytics_database


def _quoted_name() -> str:
    return op.get_bind().dialect.identifier_preparer.quote(_name())


def upgrade() -> None:
    name = _name()
    exists = op.get_bind().execute(
        text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
    ).scalar()
    if not exists:
        with op.get_context().autocommit_block():
            op.execute(f"CREATE DATABASE {_quoted_name()}")


def downgrade() -> None:
    with op.get_context().autocommit_block():
        op.execute(f"DROP DATABASE IF EXISTS {_quoted_name()} WITH (FORCE)")
