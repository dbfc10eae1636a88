"""Signed rows that keep the materialized totals equal to the source (pure)."""

from decimal import Decimal

from consumers.clickhouse.signed import FEEDS, Stored, signed_block, signed_rows
from consumers.core.changes import Change

VISITS = FEEDS["visits"]


def visit(key, version, diagnosis="Flu", cost="10.00", deleted=False):
    return Change("visits", key, {"visit_id": key, "doctor_id": 4, "visit_date": None, "diagnosis": diagnosis,
                                  "total_cost": Decimal(cost)}, version, deleted, 0)


def test_insert_adds_one():
    assert signed_rows(VISITS, [visit(1, 10)], {}) == [(1, 10, 1, "Flu", 4, None, Decimal("10.00"))]


def test_update_retracts_stored_values_and_adds_new_ones_at_the_change_version():
    stored = {1: Stored(10, ("Flu", 4, None, Decimal("10.00")))}
    assert signed_rows(VISITS, [visit(1, 20, "Cold", "12.00")], stored) == [
        (1, 20, -1, "Flu", 4, None, Decimal("10.00")),
        (1, 20, 1, "Cold", 4, None, Decimal("12.00")),
    ]


def test_delete_retracts_only():
    stored = {1: Stored(10, ("Flu", 4, None, Decimal("10.00")))}
    assert signed_rows(VISITS, [visit(1, 20, deleted=True)], stored) == [(1, 20, -1, "Flu", 4, None, Decimal("10.00"))]


def test_delete_of_unknown_row_records_its_version_with_sign_zero():
    rows = signed_rows(VISITS, [visit(1, 20, deleted=True)], {})
    assert [r[:3] for r in rows] == [(1, 20, 0)]


def test_replayed_and_stale_changes_add_nothing():
    stored = {1: Stored(20, ("Cold", 4, None, Decimal("12.00"))), 2: Stored(30, None)}
    assert signed_rows(VISITS, [visit(1, 20, "Cold"), visit(1, 10), visit(2, 25)], stored) == []


def test_insert_after_a_delete_adds_again():
    assert [r[:3] for r in signed_rows(VISITS, [visit(2, 40)], {2: Stored(30, None)})] == [(2, 40, 1)]


def test_totals_follow_the_source_through_a_history_with_replays():
    """Sum of signs per diagnosis equals the final state's counts, whatever is replayed."""
    log: list[tuple] = []

    def apply(changes):
        stored = {}
        for key in {c.key for c in changes}:
            mine = [r for r in log if r[0] == key]
            if mine:
                top = max(r[1] for r in mine)
                plus = [r for r in mine if r[1] == top and r[2] == 1]
                stored[key] = Stored(top, tuple(plus[0][3:]) if plus else None)
        log.extend(signed_rows(VISITS, changes, stored))

    history = [[visit(1, 1, "Flu"), visit(2, 2, "Flu")], [visit(1, 3, "Cold")], [visit(2, 4, deleted=True)],
               [visit(3, 5, "Cold")]]
    for batch in history + history:  # the second pass is a full replay
        apply(batch)
    totals: dict[str, int] = {}
    for row in log:
        totals[row[3]] = totals.get(row[3], 0) + row[2]
    assert {k: v for k, v in totals.items() if v} == {"Cold": 2}


def test_signed_block_columns_match_the_feed():
    block = signed_block(FEEDS["prescriptions"], [Change("prescriptions", 5, {"medicine_id": 8}, 3, False, 0)], {})
    assert block.table == "prescription_signs"
    assert block.columns == ["prescription_id", "_version", "sign", "medicine_id"]
    assert block.data == [[5], [3], [1], [8]]
