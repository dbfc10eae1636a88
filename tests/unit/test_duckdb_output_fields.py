"""Typed views over the Flink output rows: type inference only ever widens."""

from __future__ import annotations

from decimal import Decimal

import pytest

from consumers.duckdb.output_fields import observe, value_type, view_columns, widen


@pytest.mark.parametrize("value,expected", [
    (None, None), (True, "BOOLEAN"), (7, "BIGINT"), (Decimal("1.50"), "DECIMAL(38,2)"),
    ("2026-01-01", "DATE"), ("2026-01-01 10:00:00.123", "TIMESTAMP"), ("2026-01-01T10:00:00Z", "TIMESTAMPTZ"),
    ("Flu", "VARCHAR"), ([1, 2], "JSON"),
])
def test_value_types(value, expected):
    assert value_type(value) == expected


def test_widening():
    assert widen("BIGINT", "DECIMAL(38,2)") == "DECIMAL(38,2)"
    assert widen("DECIMAL(38,4)", "DECIMAL(38,2)") == "DECIMAL(38,4)"
    assert widen("DATE", "TIMESTAMP") == "TIMESTAMP"
    assert widen("BIGINT", "VARCHAR") == "VARCHAR"
    assert widen(None, "BIGINT") == "BIGINT"


def test_observe_keeps_order_skips_bad_names_and_resolves_nulls():
    fields = observe({}, [{"visit_id": 1, "cost": None, "bad name": 1, "version": 3}])
    assert fields == {"visit_id": "BIGINT", "cost": "VARCHAR?"}
    fields = observe(fields, [{"visit_id": 2, "cost": Decimal("5.25")}, {"visit_id": 3, "cost": 5}])
    assert fields == {"visit_id": "BIGINT", "cost": "DECIMAL(38,2)"}


def test_view_columns_cast_every_field():
    sql = view_columns({"visit_id": "BIGINT", "tags": "JSON", "note": "VARCHAR?"})
    assert "TRY_CAST(row ->> 'visit_id' AS BIGINT) AS \"visit_id\"" in sql
    assert "row -> 'tags' AS \"tags\"" in sql
    assert "AS VARCHAR) AS \"note\"" in sql
    assert view_columns({}) == "_key"
    with pytest.raises(ValueError):
        view_columns({"x'; DROP TABLE y; --": "BIGINT"})
