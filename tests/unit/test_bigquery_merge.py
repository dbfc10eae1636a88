"""The MERGE statement: rendering per dialect, and its semantics executed on DuckDB."""

from __future__ import annotations

import duckdb
import pytest

from consumers.bigquery.local_check import merge_into
from consumers.bigquery.merge_sql import render_current_view, render_merge
from consumers.lake.transforms import plan_files
from tests.unit.lake_samples import stream, visit

COLUMNS = ["visit_id", "total_cost", "_version", "_deleted"]


def test_bigquery_rendering_quotes_identifiers_and_matches_on_keys():
    sql = render_merge("bigquery", "p.d.visits", "p.d.visits__staging", COLUMNS, ("visit_id",))
    assert "MERGE INTO `p.d.visits` AS T" in sql
    assert "PARTITION BY `visit_id` ORDER BY `_version` DESC" in sql
    assert "ON T.`visit_id` = S.`visit_id`" in sql
    assert "WHEN MATCHED AND S.`_version` > T.`_version` THEN" in sql
    assert "`visit_id` = S.`visit_id`" not in sql.split("UPDATE SET")[1].split("WHEN")[0]  # keys never updated


def test_composite_keys():
    sql = render_merge("bigquery", "t", "s", ["patient_id", "window_start", "_version"], ("patient_id", "window_start"))
    assert "ON T.`patient_id` = S.`patient_id` AND T.`window_start` = S.`window_start`" in sql


def test_same_statement_in_both_dialects_up_to_quoting():
    bq = render_merge("bigquery", "visits", "visits__staging", COLUMNS, ("visit_id",))
    duck = render_merge("duckdb", "visits", "visits__staging", COLUMNS, ("visit_id",))
    assert bq.replace("`", '"') == duck


def test_rejects_unsafe_or_incomplete_input():
    with pytest.raises(ValueError):
        render_merge("bigquery", "t`; DROP", "s", COLUMNS, ("visit_id",))
    with pytest.raises(ValueError):
        render_merge("bigquery", "t", "s", ["visit_id"], ("visit_id",))  # no _version


def test_current_view_filters_tombstones():
    sql = render_current_view("bigquery", "p.d.visits_current", "p.d.visits", ["visit_id", "total_cost"])
    assert "CREATE OR REPLACE VIEW `p.d.visits_current`" in sql and "WHERE NOT `_deleted`" in sql


def curated_loads(events, span=40):
    return [p.rows for p in plan_files(events, span) if p.layer == "curated"]


def final_state(loads) -> list[tuple]:
    con = duckdb.connect()
    for staging in loads:
        merge_into(con, "visits", staging)
    return con.execute('SELECT visit_id, total_cost, _version, _deleted FROM "visits" ORDER BY visit_id').fetchall()


def expected_state(events) -> list[tuple]:
    latest = {}
    for e in events:
        if e.change.key not in latest or e.change.version > latest[e.change.key].version:
            latest[e.change.key] = e.change
    return [(k, c.row["total_cost"], c.version, c.deleted) for k, c in sorted(latest.items())]


def test_merge_keeps_highest_version_in_any_load_order():
    events = stream(300)
    loads = curated_loads(events)
    assert final_state(loads) == expected_state(events)
    assert final_state(list(reversed(loads))) == expected_state(events)  # older files after newer
    assert final_state(loads + loads) == expected_state(events)  # the same files twice


def test_delete_is_kept_so_an_older_version_cannot_return():
    insert, delete = visit(1, 0, 10, "5.00"), visit(1, 1, 20, "5.00", deleted=True)
    state = final_state(curated_loads([delete]) + curated_loads([insert]))
    assert state == [(1, delete.change.row["total_cost"], 20, True)]
