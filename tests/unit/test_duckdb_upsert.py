"""Versioned merges on an in-memory warehouse: highest version wins, deletes stay as markers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from consumers.core.changes import Change
from consumers.duckdb.warehouse import Warehouse
from tests.unit.duckdb_samples import doctor, version, visit


@pytest.fixture
def warehouse():
    w = Warehouse.open(None)
    yield w
    w.close()


def doctors(w):
    return w.con.execute("SELECT doctor_id, experience_years FROM doctors ORDER BY doctor_id").fetchall()


def test_old_version_after_new_does_not_overwrite(warehouse):
    warehouse.apply([doctor(1, commit=5, experience=9)])
    warehouse.apply([doctor(1, commit=3, experience=2)])
    assert doctors(warehouse) == [(1, 9)]


def test_newer_version_overwrites(warehouse):
    warehouse.apply([doctor(1, commit=3, experience=2)])
    warehouse.apply([doctor(1, commit=5, experience=9)])
    assert doctors(warehouse) == [(1, 9)]


def test_delete_marker_beats_older_insert(warehouse):
    warehouse.apply([doctor(1, commit=5, deleted=True)])
    warehouse.apply([doctor(1, commit=4, experience=20)])  # a replayed insert from before the delete
    assert doctors(warehouse) == []
    marker = warehouse.con.execute("SELECT _deleted, _version FROM state.doctors WHERE doctor_id = 1").fetchone()
    assert marker == (True, version(5, 1))


def test_insert_after_delete_with_newer_version_revives(warehouse):
    warehouse.apply([doctor(1, commit=5, deleted=True)])
    warehouse.apply([doctor(1, commit=6, experience=3)])
    assert doctors(warehouse) == [(1, 3)]


def test_replay_is_idempotent(warehouse):
    batches = [[doctor(1, commit=1), doctor(2, commit=1), visit(10, 1, 1, "99.99", commit=1)],
               [doctor(1, commit=2, experience=4), doctor(2, commit=3, deleted=True)]]
    for batch in batches:
        warehouse.apply(batch)
    before = warehouse.con.execute("SELECT * FROM state.doctors ORDER BY doctor_id").fetchall()
    for batch in batches + batches:
        warehouse.apply(batch)
    assert warehouse.con.execute("SELECT * FROM state.doctors ORDER BY doctor_id").fetchall() == before
    assert warehouse.con.execute("SELECT count(*) FROM state.visits").fetchone()[0] == 1


def test_versions_above_64_bits_compare_numerically(warehouse):
    # Same commit LSN, later event: only the low half differs; a later commit with a smaller
    # event LSN must still win.
    first = Change("doctors", 1, doctor(1).row | {"experience_years": 1}, version(2**40, 2**63), False, 0)
    second = Change("doctors", 1, doctor(1).row | {"experience_years": 2}, version(2**40 + 1, 5), False, 0)
    warehouse.apply([second])
    warehouse.apply([first])
    assert doctors(warehouse) == [(1, 2)]


def test_money_stays_decimal(warehouse):
    warehouse.apply([visit(1, 1, 1, "1234.56")])
    value, kind = warehouse.con.execute("SELECT total_cost, typeof(total_cost) FROM visits").fetchone()
    assert (value, kind) == (Decimal("1234.56"), "DECIMAL(10,2)")


def test_flink_outputs_merge_by_key_and_get_a_typed_view(warehouse):
    rows = [Change("enriched_visits", 7, {"visit_id": 7, "total_cost": Decimal("10.50"), "visit_date": "2026-01-05"},
                   version(3), False, 0),
            Change("vitals_minute", (9, "2026-01-05 10:00:00"),
                   {"patient_id": 9, "window_start": "2026-01-05 10:00:00", "avg_heart_rate": Decimal("72.5")},
                   version(3), False, 0)]
    warehouse.apply(rows)
    warehouse.apply([Change("enriched_visits", 7, {"visit_id": 7, "total_cost": Decimal("1.00")}, version(2), False, 0)])
    assert warehouse.con.execute("SELECT visit_id, total_cost, visit_date::VARCHAR FROM enriched_visits").fetchall() == [
        (7, Decimal("10.50"), "2026-01-05")]
    assert warehouse.con.execute("SELECT avg_heart_rate FROM vitals_minute").fetchone()[0] == Decimal("72.5")
    warehouse.apply([Change("enriched_visits", 7, {"visit_id": 7}, version(4), True, 0)])
    assert warehouse.con.execute("SELECT count(*) FROM enriched_visits").fetchone()[0] == 0


def test_output_fields_survive_a_restart(tmp_path):
    path = tmp_path / "work.duckdb"
    w = Warehouse.open(path)
    w.apply([Change("alerts", "a1", {"alert_id": "a1", "severity": 3}, version(1), False, 0)])
    w.close()
    w = Warehouse.open(path)
    try:
        assert w.fields["alerts"] == {"alert_id": "VARCHAR", "severity": "BIGINT"}
        assert w.con.execute("SELECT alert_id, severity FROM alerts").fetchall() == [("a1", 3)]
    finally:
        w.close()


def test_a_failed_batch_changes_nothing(warehouse):
    warehouse.apply([doctor(1, commit=1, experience=5)])
    bad = Change("visits", 2, visit(2, 1, 1, "1.00").row | {"total_cost": Decimal("123456789.99")}, version(2), False, 0)
    with pytest.raises(Exception):
        warehouse.apply([doctor(1, commit=2, experience=6), bad])  # NUMERIC(10,2) overflow
    assert doctors(warehouse) == [(1, 5)]
