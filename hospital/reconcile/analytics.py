"""The analytics Postgres sink: the cdc_enrich job's enriched facts against their source tables.

An enriched fact carries its source row's business columns (the patient as patient_key),
so each is compared on exactly those; derived columns are the job's unit tests' concern.
"""

from __future__ import annotations

from psycopg import sql

from hospital.postgres import connect
from hospital.privacy import pseudonym
from hospital.settings import Settings

# source table -> (hospital_analytics table, compared columns)
FACTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "visits": ("enriched_visits",
               ("visit_id", "patient_key", "doctor_id", "visit_date", "diagnosis", "total_cost")),
    "prescriptions": ("enriched_prescriptions",
                      ("prescription_id", "patient_key", "doctor_id", "medicine_id", "dosage", "duration")),
    "billing_payments": ("enriched_billing",
                         ("billing_id", "patient_key", "visit_id", "billing_date", "total_amount",
                          "payment_status")),
}


def source_projection(table: str, rows: list[dict], key: str) -> list[dict]:
    """Source rows as the enriched fact shows them: patient_id becomes its pseudonym. Pure."""
    columns = FACTS[table][1]
    projected = []
    for row in rows:
        shaped = {c: row.get(c) for c in columns if c != "patient_key"}
        shaped["patient_key"] = pseudonym(row["patient_id"], key) if row.get("patient_id") is not None else None
        projected.append(shaped)
    return projected


def analytics_rows(settings: Settings, table: str) -> list[dict]:
    target, columns = FACTS[table]
    query = sql.SQL("SELECT {} FROM {} WHERE NOT deleted").format(
        sql.SQL(", ").join(map(sql.Identifier, columns)), sql.Identifier(target))
    with connect(settings, settings.postgres.analytics_database) as conn:
        cursor = conn.execute(query)
        names = [d.name for d in cursor.description]
        return [dict(zip(names, values)) for values in cursor]
