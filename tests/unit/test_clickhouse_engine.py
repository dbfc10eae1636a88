"""The DDL, the sink and the query endpoint on a temporary embedded chDB (no services needed)."""

from __future__ import annotations

import json
import threading
import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import requests

from consumers.clickhouse.blocks import columns_of
from consumers.clickhouse.errors import QueryError
from consumers.clickhouse.query_client import via_endpoint
from consumers.clickhouse.query_endpoint import QueryEndpoint
from consumers.clickhouse.runner import open_engine
from consumers.clickhouse.schema import apply_schema, ddl_files
from consumers.clickhouse.settings import SinkConfig, chdb_path
from consumers.clickhouse.signed import FEEDS
from consumers.clickhouse.sink import ClickHouseSink
from consumers.core.changes import Change
from consumers.core.outputs import FLINK_OUTPUTS
from consumers.core.tables import TABLES


def config(path: Path, database: str) -> SinkConfig:
    return SinkConfig(dsn=f"chdb://{path}", database=database, user="default", password="", chdb_path=path,
                      query_host="127.0.0.1", query_port=0, query_timeout_s=10, group_id="unit", topics=(),
                      bootstrap_servers="127.0.0.1:1", dlq_topic="dlq.unit", max_batch_records=100,
                      poll_timeout_ms=10)


@pytest.fixture(scope="module")
def chdb_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("chdb")


@pytest.fixture
def engine(chdb_dir):
    """A fresh database per test on the module's chDB directory (one chDB path per process)."""
    engine = open_engine(config(chdb_dir, f"t_{uuid.uuid4().hex[:8]}"))
    try:
        yield engine
    finally:
        engine.close()


def visit(key, version, diagnosis="Flu", cost="10.00", deleted=False, doctor=4, day=date(2024, 2, 29)):
    return Change("visits", key, {"visit_id": key, "patient_id": 1, "doctor_id": doctor, "visit_date": day,
                                  "diagnosis": diagnosis, "total_cost": Decimal(cost), "created_at": None,
                                  "updated_at": None}, version, deleted, 1_700_000_000_000)


def prescription(key, version, medicine, deleted=False):
    return Change("prescriptions", key, {"prescription_id": key, "patient_id": 1, "doctor_id": 4,
                                         "medicine_id": medicine, "dosage": "5 mg 1x daily", "duration": "3 days",
                                         "created_at": None, "updated_at": None}, version, deleted, 0)


def rows(engine, sql):
    return engine.reader.query(sql).result_rows


def test_ddl_applies_twice_and_every_file_is_one_object(engine):
    applied = apply_schema(engine.writer, engine.writer.database)  # second time: no-op
    assert applied == [p.name for p in ddl_files()]
    for path in ddl_files():
        text = path.read_text().upper()
        assert text.count("CREATE ") == 1 and "IF NOT EXISTS" in text, path.name


def test_block_columns_exist_in_their_tables(engine):
    for table in [*TABLES, *(t for t, _ in FLINK_OUTPUTS.values())]:
        described = {r[0] for r in rows(engine, f"DESCRIBE TABLE {table}")}
        assert set(columns_of(table)) <= described, table
    for feed in FEEDS.values():
        described = {r[0] for r in rows(engine, f"DESCRIBE TABLE {feed.log_table}")}
        assert {feed.key, "_version", "sign", *feed.columns} <= described


def test_totals_views_have_the_contract_columns(engine):
    for view, columns in {"mv_top_diagnosis": ["diagnosis", "diagnosis_count"],
                          "mv_prescription_stats": ["medicine_id", "total_prescribed"],
                          "mv_revenue_by_month": ["month", "revenue", "visit_count"],
                          "mv_revenue_by_doctor": ["doctor_id", "revenue", "visit_count"]}.items():
        assert [r[0] for r in rows(engine, f"DESCRIBE TABLE {view}")] == columns


def test_state_and_totals_survive_updates_deletes_and_replays(engine):
    sink = ClickHouseSink(engine.writer, engine.lock)
    first = [visit(1, 10, "Flu"), visit(2, 11, "Flu", "5.50"), visit(3, 12, "Cold", "1.00", doctor=5),
             prescription(1, 13, 100), prescription(2, 14, 100)]
    second = [visit(1, 20, "Cold", "12.00"), visit(2, 21, deleted=True), prescription(2, 22, 200),
              prescription(1, 23, 100, deleted=True)]
    for batch in (first, second, first, second):  # the last two are a replay
        sink.write(batch)
    assert rows(engine, "SELECT visit_id, diagnosis, total_cost FROM visits ORDER BY visit_id") == [
        (1, "Cold", Decimal("12.00")), (3, "Cold", Decimal("1.00"))]
    assert rows(engine, "SELECT count() FROM visits WHERE _deleted = 0") == [(2,)]
    assert rows(engine, "SELECT * FROM mv_top_diagnosis") == [("Cold", 2)]
    assert rows(engine, "SELECT * FROM mv_prescription_stats") == [(200, 1)]
    assert rows(engine, "SELECT * FROM mv_revenue_by_month") == [(date(2024, 2, 1), Decimal("13.00"), 2)]
    assert rows(engine, "SELECT * FROM mv_revenue_by_doctor") == [(4, Decimal("12.00"), 1), (5, Decimal("1.00"), 1)]


def test_a_deleted_row_is_not_resurrected_by_an_older_insert(engine):
    sink = ClickHouseSink(engine.writer, engine.lock)
    sink.write([visit(7, 50, deleted=True)])
    sink.write([visit(7, 40, "Flu")])
    assert rows(engine, "SELECT count() FROM visits") == [(0,)]
    assert rows(engine, "SELECT count() FROM mv_top_diagnosis") == [(0,)]


def test_lookup_reads_back_values_including_nulls(engine):
    sink = ClickHouseSink(engine.writer, engine.lock)
    change = visit(9, 5, cost="0.01")
    change.row["diagnosis"] = None
    sink.write([change])
    stored = sink.stored(FEEDS["visits"], [9, 10])
    assert stored == {9: type(stored[9])(5, (None, 4, date(2024, 2, 29), Decimal("0.01")))}


def test_query_endpoint_answers_while_a_batch_is_written_and_refuses_writes(engine):
    sink = ClickHouseSink(engine.writer, engine.lock)
    endpoint = QueryEndpoint(engine.reader, engine.lock, "127.0.0.1", 0, health=lambda: {"batches": 0}).start()
    try:
        cfg = config(Path("/unused"), engine.writer.database)
        cfg = cfg.with_overrides(query_port=endpoint.server.server_address[1])
        writer = threading.Thread(target=lambda: [sink.write([visit(k, k, cost="1.00") for k in range(i, i + 500)])
                                                  for i in range(1000, 6000, 500)])
        writer.start()
        counts = []
        while writer.is_alive():
            columns, answer = via_endpoint(cfg, "SELECT count() AS n FROM visits")
            counts.append(answer[0][0])
        writer.join()
        assert columns == ["n"] and counts == sorted(counts)  # whole batches only, never going back
        assert via_endpoint(cfg, "SELECT count() FROM visits")[1] == [[5000]]
        assert requests.get(f"{endpoint.url}/health", timeout=5).json()["status"] == "ok"
        assert via_endpoint(cfg, "SELECT count() FROM visits WHERE visit_id < {below:Int64} AND diagnosis = {d:String}",
                            {"below": 1100, "d": "Flu"})[1] == [[100]]  # bound like ClickHouse's param_<name>
        csv_body = requests.post(f"{endpoint.url}/query?format=csv", data=b"SELECT 1 AS one", timeout=5).text
        assert csv_body.splitlines() == ["one", "1"]
        with pytest.raises(QueryError, match="readonly"):
            via_endpoint(cfg, "DROP TABLE visits")
        with pytest.raises(QueryError, match="UNKNOWN_TABLE|does not exist"):
            via_endpoint(cfg, "SELECT * FROM no_such_table")
    finally:
        endpoint.stop()


def test_endpoint_down_is_one_clear_error(tmp_path):
    cfg = config(tmp_path, "hospital").with_overrides(query_port=1)
    with pytest.raises(QueryError, match="not answering on http://127.0.0.1:1"):
        via_endpoint(cfg, "SELECT 1")


def test_chdb_dsn_is_a_directory_under_home(tmp_path):
    assert chdb_path("chdb://data/clickhouse", tmp_path) == tmp_path / "data" / "clickhouse"
    assert chdb_path("chdb:///var/ch", tmp_path) == Path("/var/ch")
    assert chdb_path("http://clickhouse:8123", tmp_path) is None


def test_enriched_views_type_the_flink_rows_and_hide_deletes(engine):
    from consumers.core.outputs import parse_output

    sink = ClickHouseSink(engine.writer, engine.lock)
    visit_row = {"visit_id": 5, "patient_key": "abc", "age_band": "18-40", "gender": "Male", "doctor_id": 3,
                 "doctor_name": "Dr X", "specialization": "Cardiology", "visit_date": "2024-02-29",
                 "diagnosis": "Flu", "total_cost": 1234.56, "version": 2**128 - 1, "deleted": False}
    billing_row = {"billing_id": 8, "visit_id": 5, "billing_date": "2024-03-01", "paid": True,
                   "total_amount": 99999999.99, "version": 7, "deleted": False}
    gone = {"prescription_id": 9, "medicine_id": 4, "estimated_cost": 172.2, "version": 8, "deleted": True}
    sink.write([parse_output("enriched.visits", json.dumps(visit_row).encode()),
                parse_output("enriched.billing", json.dumps(billing_row).encode()),
                parse_output("enriched.prescriptions", json.dumps(gone).encode())])
    assert rows(engine, "SELECT visit_id, doctor_name, visit_date, total_cost, _version FROM v_enriched_visits") == [
        (5, "Dr X", date(2024, 2, 29), Decimal("1234.56"), 2**128 - 1)]
    assert rows(engine, "SELECT billing_id, paid, total_amount, days_to_bill FROM v_enriched_billing") == [
        (8, True, Decimal("99999999.99"), None)]  # a field the job did not write reads as NULL
    assert rows(engine, "SELECT count() FROM v_enriched_prescriptions") == [(0,)]


def test_contracts_hold_after_writes_and_catch_a_clear_identifier(engine):
    from consumers.clickhouse.contracts import rules, violations
    from consumers.core.privacy_step import pseudonymise

    assert len(rules()) >= 5
    sink = ClickHouseSink(engine.writer, engine.lock)
    patient = Change("patients", 1, {"patient_id": 1, "full_name": "Jane Roe", "date_of_birth": date(1990, 1, 2),
                                     "gender": "Female", "blood_type": "O+", "contact_info": None,
                                     "insurance_id": "INS-1", "created_at": None, "updated_at": None}, 3, False, 0)
    sink.write([visit(1, 10), visit(2, 11, "Cold"), prescription(1, 12, 100), pseudonymise(patient, "k")])
    sink.write([visit(1, 20, deleted=True), prescription(1, 21, 200)])
    assert violations(lambda sql: rows(engine, sql)) == []
    sink.write([Change("patients", 2, {**patient.row, "patient_id": 2, "age_band": "18-40"}, 4, False, 0)])
    assert [v.split(":")[0] for v in violations(lambda sql: rows(engine, sql))] == ["patients_pseudonymised"]
