"""Reconciliation logic: equal states pass, every kind of difference is reported by key."""

from datetime import date
from decimal import Decimal

from hospital.reconcile.compare import canonical, compare, digests


def visit(visit_id, cost="10.00", diagnosis="Flu"):
    return {"visit_id": visit_id, "patient_id": 1, "doctor_id": 2, "visit_date": date(2024, 1, 5),
            "diagnosis": diagnosis, "total_cost": Decimal(cost)}


def test_equal_states_pass_whatever_the_order():
    source = digests("visits", [visit(1), visit(2)])
    sink = digests("visits", [visit(2), visit(1)])
    check = compare("duckdb", "visits", source, sink)
    assert check.ok and check.source_checksum == check.sink_checksum


def test_missing_extra_and_different_keys_are_named():
    source = digests("visits", [visit(1), visit(2), visit(3)])
    sink = digests("visits", [visit(1, cost="10.01"), visit(2), visit(4)])
    check = compare("clickhouse", "visits", source, sink)
    assert not check.ok
    assert (check.missing, check.extra, check.different) == ([3], [4], [1])


def test_decimal_text_and_float_forms_agree_but_cents_do_not():
    assert canonical(Decimal("12.3")) == canonical(Decimal("12.30")) == canonical(12.3)
    assert canonical(Decimal("12.31")) != canonical(Decimal("12.30"))


def test_timestamps_do_not_take_part():
    a = visit(1) | {"updated_at": "2024-01-01"}
    b = visit(1) | {"updated_at": "2025-01-01"}
    assert compare("lake", "visits", digests("visits", [a]), digests("visits", [b])).ok


def test_enriched_fact_is_compared_on_its_source_columns_with_the_patient_pseudonymised():
    from hospital.privacy import pseudonym
    from hospital.reconcile.analytics import FACTS, source_projection

    columns = FACTS["visits"][1]
    source = digests("visits", source_projection("visits", [visit(1), visit(2)], "k"), columns)
    enriched = [{**{c: visit(i)[c] for c in columns if c != "patient_key"}, "patient_key": pseudonym(1, "k"),
                 "doctor_name": "derived columns are not compared"} for i in (1, 2)]
    assert compare("analytics", "visits", source, digests("visits", enriched, columns)).ok
    enriched[1]["patient_key"] = pseudonym(1, "another key")
    assert compare("analytics", "visits", source, digests("visits", enriched, columns)).different == [2]


def test_age_band_is_cut_on_the_rows_last_change_so_replays_write_the_same_band():
    from datetime import datetime, timezone

    from consumers.core.changes import Change
    from consumers.core.privacy_step import pseudonymise

    row = {"patient_id": 1, "full_name": "A", "date_of_birth": date(2008, 11, 23),
           "updated_at": datetime(2026, 11, 22, 23, 30, tzinfo=timezone.utc)}
    change = Change("patients", 1, row, 1, False, 0)
    # The day before the 18th birthday, whatever day the change is processed on.
    for processed_on in (date(2026, 11, 22), date(2027, 6, 1), None):
        assert pseudonymise(change, "k", processed_on).row["age_band"] == "0-17"
    without_stamp = Change("patients", 1, {k: v for k, v in row.items() if k != "updated_at"}, 1, False, 0)
    assert pseudonymise(without_stamp, "k", date(2026, 11, 23)).row["age_band"] == "18-40"
