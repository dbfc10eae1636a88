"""Alembic upgrade and downgrade on a throw-away database of the real Postgres."""

from __future__ import annotations

import pytest
from psycopg import sql

from hospital.postgres import connect, downgrade, migrate

pytestmark = pytest.mark.integration

TABLES = {"doctors", "patients", "medicines", "visits", "billing_payments", "prescriptions", "devices", "debezium_heartbeat"}
INDEXES = {"idx_doctors_specialization", "idx_manufacturer", "idx_visits_diagnosis",
           "idx_billing_payments_payment_status", "idx_prescriptions_duration"}


def schema_state(settings, database):
    with connect(settings, database) as conn:
        tables = {r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
        indexes = {r[0] for r in conn.execute("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'")}
        publications = {r[0] for r in conn.execute("SELECT pubname FROM pg_publication")}
        full = {r[0] for r in conn.execute("SELECT relname FROM pg_class WHERE relreplident = 'f'")}
        fks = conn.execute("SELECT count(*) FROM pg_constraint WHERE contype = 'f'").fetchone()[0]
    return tables, indexes, publications, full, fks


def database_exists(settings, name):
    with connect(settings, "postgres") as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is not None


def test_upgrade_downgrade_round_trip(stack, unique):
    settings = stack
    database, analytics = f"migtest_{unique}", f"migtest_{unique}_analytics"
    with connect(settings, "postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
    try:
        migrate(settings, database=database, analytics_database=analytics)
        tables, indexes, publications, full, fks = schema_state(settings, database)
        assert TABLES <= tables
        assert INDEXES <= indexes
        assert "hospital_cdc" in publications
        assert {"visits", "patients", "billing_payments"} <= full
        assert fks == 8  # visits 2, billing 2, prescriptions 3, devices 1
        assert database_exists(settings, analytics)

        downgrade(settings, "base", database=database, analytics_database=analytics)
        tables, indexes, publications, _, _ = schema_state(settings, database)
        assert tables == {"alembic_version"}
        assert not INDEXES & indexes and "hospital_cdc" not in publications
        assert not database_exists(settings, analytics)

        migrate(settings, database=database, analytics_database=analytics)  # and up again
        assert TABLES <= schema_state(settings, database)[0]
    finally:
        with connect(settings, "postgres", autocommit=True) as conn:
            for name in (database, analytics):
                conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def test_constraints_reject_bad_rows(stack):
    import psycopg

    settings = stack
    bad = [
        "INSERT INTO patients (full_name, date_of_birth, gender, blood_type) VALUES ('x', '1990-01-01', 'Male', 'C+')",
        "INSERT INTO medicines (name, category, manufacturer, price) VALUES ('x', 'y', 'z', -1)",
        "INSERT INTO billing_payments (patient_id, visit_id, billing_date, total_amount, payment_status) VALUES (1, 1, now(), 1, 'Refunded')",
    ]
    with connect(settings) as conn:
        for statement in bad:
            with pytest.raises(psycopg.errors.CheckViolation):
                with conn.transaction():
                    conn.execute(statement)
