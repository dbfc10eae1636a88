"""Lake files from batches: both layers, typed columns, idempotent rewrites."""

from __future__ import annotations

import json
from decimal import Decimal

import pyarrow as pa

from consumers.core.changes import Change
from consumers.lake.events import LocatedChange
from consumers.lake.schemas import curated_schema
from consumers.lake.sink import LakeSink, to_parquet
from consumers.lake.storage import LocalStore
from consumers.lake.transforms import merge, plan_files
from tests.unit.lake_samples import HOUR_MS, T0, stream, visit


def test_each_file_gets_raw_and_curated_rows():
    planned = plan_files([visit(1, 0, 10), visit(2, 1, 11)], span=100)
    assert [p.path for p in planned] == [
        "raw/visits/dt=2026-03-01/hr=10/hospital.public.visits-0-00000000000000000000-00000000000000000099.parquet",
        "curated/visits/dt=2026-03-01/hr=10/hospital.public.visits-0-00000000000000000000-00000000000000000099.parquet",
    ]
    raw, curated = planned[0].rows, planned[1].rows
    assert raw["offset"].to_pylist() == [0, 1]
    assert json.loads(raw["row"][0].as_py())["total_cost"] == "10.50"  # exact text, not float
    assert curated.schema.equals(curated_schema("visits"))
    assert curated["total_cost"].type == pa.decimal128(10, 2)
    assert curated["_version"].to_pylist() == [Decimal(10), Decimal(11)]


def test_events_split_by_hour_and_offset_range():
    events = [visit(1, 0, 1), visit(1, 1, 2, ts_ms=T0 + HOUR_MS), visit(1, 150, 3)]
    paths = {p.path for p in plan_files(events, span=100) if p.layer == "raw"}
    assert len(paths) == 3
    assert any("/hr=11/" in p for p in paths)


def test_curated_keeps_highest_version_and_deletes():
    events = [visit(1, 0, 10, "1.00"), visit(1, 1, 12, "3.00", deleted=True), visit(1, 2, 11, "2.00")]
    curated = [p for p in plan_files(events, span=100) if p.layer == "curated"][0].rows
    assert curated.to_pylist()[0]["_version"] == Decimal(12)
    assert curated.to_pylist()[0]["_deleted"] is True
    raw = [p for p in plan_files(events, span=100) if p.layer == "raw"][0].rows
    assert len(raw) == 3  # raw keeps every event


def test_merge_is_independent_of_how_polls_split_the_events():
    events = stream(300)
    whole = {p.path: merge(p.layer, p.dataset, None, p.rows) for p in plan_files(events, span=128)}
    pieces: dict[str, pa.Table] = {}
    for start in range(0, 300, 37):  # other poll boundaries, and an overlapping replay
        for chunk in (events[start:start + 37], events[max(0, start - 5):start + 3]):
            for p in plan_files(chunk, span=128):
                pieces[p.path] = merge(p.layer, p.dataset, pieces.get(p.path), p.rows)
    assert pieces.keys() == whole.keys()
    for path in whole:
        assert to_parquet(pieces[path]) == to_parquet(whole[path]), path


def test_sink_replay_rewrites_same_files_with_same_bytes(tmp_path):
    store = LocalStore(tmp_path)
    events = stream(250)
    LakeSink(store, span=100).write(events[:120])
    LakeSink(store, span=100).write(events[120:])  # new sink: reads existing files back
    first = {p: (tmp_path / p).read_bytes() for p in store.list()}
    replay = LakeSink(store, span=100)
    for start in range(0, 250, 64):
        replay.write(events[start:start + 64])
    assert {p: (tmp_path / p).read_bytes() for p in store.list()} == first
    assert len(first) == 6  # 3 offset ranges x 2 layers


def test_flink_outputs_get_an_inferred_schema_with_fixed_decimals():
    rows = [{"patient_id": "ab", "window_start": "2026-03-01 10:00:00", "heart_rate_avg": Decimal("72.5"), "note": None},
            {"patient_id": "cd", "window_start": "2026-03-01 10:00:00", "heart_rate_avg": 80, "note": None}]
    events = [LocatedChange(Change("vitals_minute", (r["patient_id"], r["window_start"]), r, 0, False, 0),
                            "vitals.minute", 0, i, T0) for i, r in enumerate(rows)]
    curated = [p for p in plan_files(events, span=100) if p.layer == "curated"][0].rows
    assert curated["heart_rate_avg"].type == pa.decimal128(38, 9)
    assert curated["note"].type == pa.string()
    assert sorted(curated["heart_rate_avg"].to_pylist()) == [Decimal("72.5"), Decimal("80")]


def test_flink_column_changing_type_is_kept_as_text():
    def output(i, value):
        row = {"alert_id": i, "level": value}
        return LocatedChange(Change("alerts", i, row, i, False, 0), "alerts.vitals", 0, i, T0)

    first = [p for p in plan_files([output(1, 3)], span=100) if p.layer == "curated"][0]
    second = [p for p in plan_files([output(2, "high")], span=100) if p.layer == "curated"][0]
    merged = merge("curated", "alerts", first.rows, second.rows)
    assert merged["level"].to_pylist() == ["3", "high"]


def test_equal_versions_keep_the_later_offset():
    events = [visit(1, 0, 0, "1.00"), visit(1, 1, 0, "2.00")]
    whole = [p for p in plan_files(events, span=100) if p.layer == "curated"][0].rows
    first = [p for p in plan_files(events[:1], span=100) if p.layer == "curated"][0].rows
    second = [p for p in plan_files(events[1:], span=100) if p.layer == "curated"][0].rows
    assert whole["total_cost"].to_pylist() == [Decimal("2.00")]
    assert merge("curated", "visits", first, second)["total_cost"].to_pylist() == [Decimal("2.00")]
