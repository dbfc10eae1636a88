"""`hospital bench sinks`: rate parsing and the summary table, on recorded-shape results."""

from __future__ import annotations

import math

import pytest

from hospital.bench.sinks import markdown_table, parse_rates


def test_parse_rates_accepts_numbers_and_max():
    assert parse_rates("500, 1000,max") == [500.0, 1000.0, math.inf]


@pytest.mark.parametrize("text, message", [("fast", "neither a number"), ("0", "above 0"), ("-5", "above 0")])
def test_parse_rates_names_the_bad_part(text, message):
    with pytest.raises(ValueError, match=message):
        parse_rates(text)


def _run(generator_rate, duckdb_rate):
    return {"generator": {"row_changes": 1000, "row_changes_per_s": generator_rate},
            "duckdb": {"messages": 1100, "seconds_to_catch_up": 2.0, "messages_per_s": 550.0,
                       "row_changes_per_s": duckdb_rate},
            "lake": {"messages": 0, "seconds_to_catch_up": None, "messages_per_s": None, "row_changes_per_s": None}}


def test_markdown_table_has_a_row_per_sink_with_its_share_of_the_ceiling():
    results = {"throughput": {"500": _run(500.0, 480.0), "max": _run(4000.0, 2000.0)},
               "pg_recvlogical_ceiling": {"row_changes": 2000, "seconds": 0.1, "row_changes_per_s": 20000.0},
               "commit_to_queryable_ms": {"duckdb": {"p50": 900.4, "p95": 1500.0, "p99": 2100.0, "n": 20},
                                          "lake": {"p50": None, "p95": None, "p99": None, "n": 0}}}
    lines = markdown_table(results)
    header = lines[0]
    assert "row changes/s at 500" in header and "row changes/s at max" in header
    duckdb = next(line for line in lines if line.startswith("| duckdb "))
    assert "480.0" in duckdb and "2,000.0" in duckdb and "10.0% (at max)" in duckdb and "900/1,500/2,100" in duckdb
    lake = next(line for line in lines if line.startswith("| lake "))
    assert lake.count(" - ") >= 3 and "-/-/-" in lake
    assert lines[-1].startswith("| pg_recvlogical ceiling | 20,000.0")
