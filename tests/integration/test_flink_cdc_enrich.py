"""cdc_enrich on the running cluster: a change in Postgres appears enriched in the enriched.*
topics and in hospital_analytics with the right values; updates and deletes propagate."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from flink_jobs.cdc_enrich.transforms import visit_age_band
from hospital.postgres import connect
from hospital.privacy import pseudonym
from tests.integration.flink_helpers import TopicTail, analytics_rows, insert_visit_graph, jobs_running, wait_for

pytestmark = pytest.mark.integration
TIMEOUT = 180  # the job may be catching up with a backlog other tests produced


@pytest.fixture(scope="module")
def flink(stack):
    jobs_running(stack)
    return stack


def analytics_row(settings, table, key, value, done):
    return wait_for(lambda: analytics_rows(settings, f"SELECT * FROM {table} WHERE {key} = %s", (value,)),
                    lambda rows: bool(rows) and done(rows[0]), TIMEOUT, what=f"{table}.{key}={value}")[0]


def test_insert_update_delete_propagate(flink, unique):
    settings = flink
    tails = {fact: TopicTail(settings, f"enriched.{fact}") for fact in ("visits", "prescriptions", "billing")}
    try:
        with connect(settings, autocommit=True) as conn:
            ids = insert_visit_graph(conn, unique)
        key = settings.secret("privacy", "pseudonym_key")

        visit = analytics_row(settings, "enriched_visits", "visit_id", ids["visit"], lambda r: r["doctor_name"])
        assert visit["patient_key"] == pseudonym(ids["patient"], key)
        assert visit["age_band"] == visit_age_band(date(1961, 2, 28), date(2024, 2, 29)) == "41-65"
        assert (visit["gender"], visit["doctor_name"], visit["specialization"]) == ("Female", f"Dr {unique}",
                                                                                     "Cardiology")
        assert visit["total_cost"] == Decimal("1234.56") and visit["deleted"] is False
        prescription = analytics_row(settings, "enriched_prescriptions", "prescription_id", ids["prescription"],
                                     lambda r: r["medicine_name"])
        assert prescription["estimated_cost"] == Decimal("2.50") * 3 * 7
        assert prescription["medicine_category"] == "Antibiotic"
        bill = analytics_row(settings, "enriched_billing", "billing_id", ids["bill"], lambda r: r["visit_date"])
        assert (bill["days_to_bill"], bill["paid"], bill["payment_status"]) == (10, False, "Pending")

        # The same rows on the topics, decimals as plain JSON numbers.
        topic_visit = wait_for(lambda: tails["visits"].values(lambda v: v["visit_id"] == ids["visit"]),
                               lambda found: any(v["doctor_name"] for v in found), TIMEOUT, what="enriched.visits")
        assert topic_visit[-1]["total_cost"] == 1234.56 and topic_visit[-1]["patient_key"] == visit["patient_key"]

        with connect(settings, autocommit=True) as conn:
            conn.execute("UPDATE visits SET total_cost = 99.90 WHERE visit_id = %s", (ids["visit"],))
            conn.execute("UPDATE doctors SET specialization = 'Neurology' WHERE doctor_id = %s", (ids["doctor"],))
            conn.execute("UPDATE billing_payments SET payment_status = 'Paid' WHERE billing_id = %s", (ids["bill"],))
            conn.execute("DELETE FROM prescriptions WHERE prescription_id = %s", (ids["prescription"],))

        updated = analytics_row(settings, "enriched_visits", "visit_id", ids["visit"],
                                lambda r: r["specialization"] == "Neurology" and r["total_cost"] == Decimal("99.90"))
        assert updated["version"] > visit["version"]
        paid = analytics_row(settings, "enriched_billing", "billing_id", ids["bill"], lambda r: r["paid"])
        assert paid["payment_status"] == "Paid" and paid["version"] > bill["version"]
        gone = analytics_row(settings, "enriched_prescriptions", "prescription_id", ids["prescription"],
                             lambda r: r["deleted"])
        assert gone["version"] > prescription["version"] and gone["medicine_name"] == f"Med {unique}"
        deleted_on_topic = wait_for(
            lambda: tails["prescriptions"].values(lambda v: v["prescription_id"] == ids["prescription"]),
            lambda found: any(v["deleted"] for v in found), TIMEOUT, what="deleted prescription on the topic")
        assert deleted_on_topic[-1]["deleted"] is True  # a row with deleted = true, not a tombstone
    finally:
        for tail in tails.values():
            tail.close()
