"""Change capture: REPLICA IDENTITY FULL, heartbeat table, publication hospital_cdc.

Revision ID: 0002
Revises: 0001
"""

from db.migrations.sql_files import run_sql_file

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    run_sql_file("0002_change_capture.up.sql")


def downgrade() -> None:
    run_sql_file("0002_change_capture.down.sql")
