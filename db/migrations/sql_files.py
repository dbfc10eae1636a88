"""Run the migration SQL kept in db/migrations/sql (one file per step and direction)."""

from pathlib import Path

from alembic import op

SQL_DIR = Path(__file__).resolve().parent / "sql"


def run_sql_file(name: str) -> None:
    op.execute((SQL_DIR / name).read_text())
