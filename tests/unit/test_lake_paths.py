"""Lake layout: hour partitions from event time, file names from aligned offset ranges."""

from __future__ import annotations

import pytest

from consumers.lake import paths


def test_hour_partition_is_utc_of_the_event():
    assert paths.hour_partition(0) == ("1970-01-01", "00")
    assert paths.hour_partition(1795384462572) == ("2026-11-22", "21")


def test_event_time_prefers_source_commit_time():
    assert paths.event_time_ms(1_000, 9_000) == 1_000
    assert paths.event_time_ms(0, 9_000) == 9_000  # Flink outputs carry no commit time


@pytest.mark.parametrize("offset", [10_000, 10_001, 19_999])
def test_offsets_of_one_range_share_a_name(offset):
    name = paths.file_name("hospital.public.visits", 2, offset, 10_000)
    assert name == "hospital.public.visits-2-00000000000000010000-00000000000000019999.parquet"


def test_next_range_gets_next_name_and_names_sort_by_offset():
    names = [paths.file_name("t", 0, o, 100) for o in (5, 99, 100, 1_000_000)]
    assert names[0] == names[1] != names[2]
    assert names == sorted(names)


def test_file_path_layout():
    path = paths.file_path("curated", "visits", "2026-03-01", "09", "t-0-1-2.parquet")
    assert path == "curated/visits/dt=2026-03-01/hr=09/t-0-1-2.parquet"
    with pytest.raises(ValueError):
        paths.file_path("gold", "visits", "2026-03-01", "09", "x")
