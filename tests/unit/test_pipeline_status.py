"""`hospital status` lag and rows: a store that cannot answer says why and never hides the others."""

from __future__ import annotations

import socket

from rich.console import Console

from hospital import pipeline_status
from hospital.settings import Settings
from hospital.status_view import render_rows


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_rows_report_each_unreachable_store_on_its_own(monkeypatch, tmp_path):
    monkeypatch.setenv("HOSPITAL_HOME", str(tmp_path))
    monkeypatch.setenv("HOSPITAL_POSTGRES__PORT", str(_closed_port()))
    monkeypatch.setenv("HOSPITAL_CLICKHOUSE__QUERY_PORT", str(_closed_port()))
    rows = pipeline_status.rows(Settings())
    assert set(rows) == {"postgres", "clickhouse", "duckdb", "analytics"}
    for store, value in rows.items():
        assert isinstance(value, str) and value.startswith("unavailable: "), (store, value)
    assert "hospital up" in rows["clickhouse"]  # the one-line error says what to do


def test_render_rows_lines_up_tables_and_names_missing_stores():
    console = Console(record=True, width=120)
    render_rows(console, {"postgres": {"visits": 1200, "doctors": 30},
                          "duckdb": {"visits": 1200, "doctors": 30},
                          "analytics": {"visits": 1199},
                          "clickhouse": "unavailable: not answering"})
    text = console.export_text()
    visits = next(line for line in text.splitlines() if "visits" in line)
    assert visits.count("1,200") == 2 and "1,199" in visits
    doctors = next(line for line in text.splitlines() if "doctors" in line)
    assert doctors.rstrip(" │").endswith("-")
    assert "clickhouse: unavailable: not answering" in text
