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
