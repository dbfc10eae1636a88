"""Changes -> ClickHouse column blocks (pure)."""

from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from consumers.clickhouse.blocks import check_change, columns_of, state_blocks, table_block
from consumers.core.changes import BadEvent, Change
from consumers.core.tables import TABLES


def visit(key, version, deleted=False, diagnosis="Flu"):
    return Change("visits", key, {"visit_id": key, "patient_id": 3, "doctor_id": 4, "visit_date": date(2024, 2, 29),
                                  "diagnosis": diagnosis, "total_cost": Decimal("12.30"), "created_at": None,
                                  "updated_at": None}, version, deleted, 1_700_000_000_123)


def test_source_table_block_is_column_oriented_with_meta_columns():
    block = table_block("visits", [visit(1, 2**64 + 5), visit(2, 7, deleted=True)])
    assert block.columns == [*TABLES["visits"].columns, "_version", "_deleted", "_source_ts"]
    column = dict(zip(block.columns, block.data))
    assert block.rows == 2
    assert column["visit_id"] == [1, 2]
    assert column["total_cost"] == [Decimal("12.30")] * 2  # money stays Decimal
    assert column["_version"] == [2**64 + 5, 7]  # exact, beyond 64 bits
    assert column["_deleted"] == [0, 1]
    assert column["_source_ts"][0] == datetime(2023, 11, 14, 22, 13, 20, 123000, tzinfo=timezone.utc)


def test_patients_block_has_age_band_and_no_date_of_birth():
    assert "age_band" in columns_of("patients") and "date_of_birth" not in columns_of("patients")


def test_one_block_per_table():
    prescription = Change("prescriptions", 9, {"prescription_id": 9, "medicine_id": 1}, 3, False, 0)
    blocks = {b.table: b for b in state_blocks([visit(1, 1), prescription, visit(2, 2)])}
    assert set(blocks) == {"visits", "prescriptions"}
    assert blocks["visits"].rows == 2
    assert dict(zip(blocks["prescriptions"].columns, blocks["prescriptions"].data))["dosage"] == [None]


def test_flink_output_row_kept_as_json_with_typed_keys():
    change = Change("vitals_minute", (17, "2026-11-22 10:01:00"),
                    {"patient_id": 17, "window_start": "2026-11-22 10:01:00", "avg_hr": Decimal("71.5")}, 9, False, 0)
    block = table_block("vitals_minute", [change])
    column = dict(zip(block.columns, block.data))
    assert column["patient_id"] == [17] and column["window_start"] == ["2026-11-22 10:01:00"]
    assert column["data"] == ['{"avg_hr": "71.5", "patient_id": 17, "window_start": "2026-11-22 10:01:00"}']


def test_unusable_output_key_is_a_bad_event_at_parse_time():
    with pytest.raises(BadEvent, match="enriched_visits.visit_id"):
        check_change(Change("enriched_visits", "not-a-number", {}, 1, False, 0))
    assert check_change(None) is None
    assert check_change(visit(1, 1)).key == 1
