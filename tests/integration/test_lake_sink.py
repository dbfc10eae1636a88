"""The lake consumer on real services: Postgres -> Debezium -> Kafka -> lake files (directory and GCS emulator).

Each test makes its own rows (unique marker), consumes every table topic from the file
range that held the end before its changes up to the end after them, and checks layout, replay idempotence, the
BigQuery MERGE semantics (run on DuckDB over the curated files) against Postgres, and
that no patient identifier is stored in clear.
"""

from __future__ import annotations

import io
import re
import time
from datetime import date

import duckdb
import pyarrow.parquet as pq
import pytest

from consumers.bigquery.local_check import merge_into, staging_rows
from consumers.core.tables import TABLES, topic_of
from consumers.lake import emulator
from consumers.lake.paths import hour_partition
from consumers.lake.sink import LakeSink
from consumers.lake.storage import open_store
from hospital.postgres import connect
from hospital.privacy import age_band, pseudonym, pseudonym_key
from tests.integration.cdc_helpers import TopicWatcher
from tests.integration.kafka_groups import commit_positions, current_ends
from tests.integration.lake_helpers import EmulatorProcess, decoded_text, end_offsets, run_bounded, snapshot

pytestmark = pytest.mark.integration

FILE_NAME = re.compile(r"^(raw|curated)/(\w+)/dt=\d{4}-\d{2}-\d{2}/hr=\d{2}/"
                       r"(hospital\.public\.\w+)-0-\d{20}-\d{20}\.parquet$")


@pytest.fixture(scope="module")
def backbone(settings):
    """Only what the lake needs (Postgres, Kafka, Connect and the connector), started as `hospital up` does.

    Unreachable or failing services make the test fail, never skip. If the stack was not
    running before, it is stopped again afterwards.
    """
    from hospital import connectors
    from hospital.local import stack
    from hospital.local.layout import Layout
    from hospital.local.supervisor import Supervisor

    was_running = Supervisor(Layout.of(settings)).running()
    progress = lambda line: print(f"[backbone] {line}")  # noqa: E731
    try:
        stack.start_services(settings, progress, only={"postgres", "kafka", "connect"})
        stack.prepare_database(settings, progress)
        connectors.register(settings)
        yield settings
    finally:
        if not was_running:
            stack.down(settings, progress=progress)


@pytest.fixture(scope="module")
def gcs_endpoint(settings):
    process = EmulatorProcess(settings)
    try:
        yield process.endpoint
    finally:
        process.stop()


@pytest.fixture(params=["local", "gcs"])
def lake_root(request, tmp_path, unique):
    if request.param == "local":
        return str(tmp_path / "lake"), None
    endpoint = request.getfixturevalue("gcs_endpoint")
    bucket = f"lake-test-{unique}"
    emulator.ensure_bucket(endpoint, bucket)
    return f"gs://{bucket}/root", endpoint


def make_changes(settings, marker: str) -> dict:
    """Inserts, updates and deletes across the six tables; returns the ids (deleted ones listed)."""
    with connect(settings, autocommit=True) as conn:
        ids = {"doctors": conn.execute(
            "INSERT INTO doctors (name, specialization, experience_years, contact_info) "
            "VALUES (%s, 'Neurology', 3, %s) RETURNING doctor_id", (f"Dr {marker}", f"dr-{marker}@clinic.test")).fetchone()[0]}
        ids["patients"] = conn.execute(
            "INSERT INTO patients (full_name, date_of_birth, gender, blood_type, contact_info, insurance_id) "
            "VALUES (%s, DATE '1961-02-28', 'Female', 'AB-', %s, %s) RETURNING patient_id",
            (f"Patient {marker}", f"+1-555-{marker}", f"INS-{marker}")).fetchone()[0]
        ids["medicines"] = conn.execute(
            "INSERT INTO medicines (name, category, manufacturer, price) VALUES (%s, 'Antibiotic', 'Acme', 12.34) "
            "RETURNING medicine_id", (f"Med {marker}",)).fetchone()[0]
        visits = [conn.execute(
            "INSERT INTO visits (patient_id, doctor_id, visit_date, diagnosis, total_cost) "
            "VALUES (%s, %s, DATE '2024-02-29', 'Hypertension', %s) RETURNING visit_id",
            (ids["patients"], ids["doctors"], cost)).fetchone()[0] for cost in ("100.10", "250.00")]
        ids["visits"] = visits[0]
        ids["billing_payments"] = conn.execute(
            "INSERT INTO billing_payments (patient_id, visit_id, billing_date, total_amount, payment_status) "
            "VALUES (%s, %s, DATE '2024-03-01', 100.10, 'Pending') RETURNING billing_id",
            (ids["patients"], visits[0])).fetchone()[0]
        ids["prescriptions"] = conn.execute(
            "INSERT INTO prescriptions (patient_id, doctor_id, medicine_id, dosage, duration) "
            "VALUES (%s, %s, %s, '250 mg 3x daily', '5 days') RETURNING prescription_id",
            (ids["patients"], ids["doctors"], ids["medicines"])).fetchone()[0]
        # several versions of one row inside and across transactions
        with conn.transaction():
            conn.execute("UPDATE visits SET total_cost = 111.11 WHERE visit_id = %s", (visits[0],))
            conn.execute("UPDATE visits SET diagnosis = 'Migraine' WHERE visit_id = %s", (visits[0],))
        conn.execute("UPDATE billing_payments SET payment_status = 'Paid' WHERE billing_id = %s",
                     (ids["billing_payments"],))
        conn.execute("UPDATE patients SET blood_type = 'O+', contact_info = %s WHERE patient_id = %s",
                     (f"+1-777-{marker}", ids["patients"]))
        conn.execute("UPDATE medicines SET price = 99999999.99 WHERE medicine_id = %s", (ids["medicines"],))
        conn.execute("DELETE FROM visits WHERE visit_id = %s", (visits[1],))  # inserted then deleted
    ids["deleted_visit"] = visits[1]
    return ids


def wait_for_last_change(settings, deleted_visit: int) -> None:
    watcher = TopicWatcher(settings.kafka.bootstrap_servers, topic_of("visits", settings.kafka.topic_prefix))
    try:
        found = watcher.collect(lambda k, v: k and k.get("visit_id") == deleted_visit and v and v["op"] == "d", 1, 90)
        assert found, f"Debezium did not publish the delete of visit {deleted_visit} within 90 s"
    finally:
        watcher.close()


def source_rows(settings, table: str, key: int, secret: str) -> list[dict]:
    """The Postgres row as sinks must hold it: identifiers hashed, date of birth as an age band."""
    spec = TABLES[table]
    columns = [c for c in spec.columns if c != "age_band"] + (["date_of_birth"] if table == "patients" else [])
    with connect(settings) as conn:
        cur = conn.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE {spec.key} = %s", (key,))
        rows = [dict(zip(columns, r)) for r in cur.fetchall()]
    for row in rows:
        if table == "patients":
            for column in ("full_name", "contact_info", "insurance_id"):
                row[column] = pseudonym(row[column], secret)
            row["age_band"] = age_band(row.pop("date_of_birth"), date.today())
    return rows


def test_lake_files_replay_merge_and_privacy(backbone, lake_root, unique):
    settings = backbone
    root, endpoint = lake_root
    secret = pseudonym_key(settings)
    topics = [topic_of(t, settings.kafka.topic_prefix) for t in TABLES]

    # Both runs start at the start of the file range holding the topics' current end, not at
    # offset 0, so the run time does not grow with the topics' history.
    span = settings.lake.file_offsets
    start = {tp: end // span * span for tp, end in current_ends(settings.kafka.bootstrap_servers, topics).items()}
    groups = [f"lake-test-{unique}-a", f"lake-test-{unique}-b"]
    commit_positions(settings.kafka.bootstrap_servers, groups, start)
    ids = make_changes(settings, unique)
    wait_for_last_change(settings, ids["deleted_visit"])
    ends = end_offsets(settings.kafka.bootstrap_servers, topics)

    store = open_store(root, settings.home, endpoint=endpoint)
    first = run_bounded(settings, LakeSink(store, span=span), topics, ends, groups[0], secret)
    assert first.stats.changes > 0
    files = snapshot(store)

    # layout: every file is <layer>/<table>/dt=/hr=/<topic>-<partition>-<first>-<last>.parquet
    assert files, "no lake files written"
    for path in files:
        match = FILE_NAME.match(path)
        assert match, f"unexpected lake path {path}"
        assert match.group(3) == topic_of(match.group(2), settings.kafka.topic_prefix)
    for table in TABLES:
        for layer in ("raw", "curated"):
            assert any(p.startswith(f"{layer}/{table}/") for p in files), f"no {layer} files for {table}"
    # our patient's events sit in the hour of their source commit time, in the file of their offset range
    ours = []
    for path, data in files.items():
        if path.startswith("raw/patients/"):
            rows = pq.read_table(io.BytesIO(data)).to_pylist()
            ours += [(path, r) for r in rows if r["key"] == str(ids["patients"])]
    assert len(ours) == 2, f"expected insert and update of patient {ids['patients']} in raw, got {len(ours)}"
    for path, row in ours:
        dt, hr = hour_partition(int(row["_source_ts"].timestamp() * 1000))
        assert f"/dt={dt}/hr={hr}/" in path
        first, last = (int(x) for x in re.search(r"-(\d{20})-(\d{20})\.parquet$", path).groups())
        assert first <= row["offset"] <= last and last - first + 1 == settings.lake.file_offsets

    # replay from the same start (another group): same names, same bytes, no new files
    replay_started = time.time()
    run_bounded(settings, LakeSink(store, span=span), topics, ends, groups[1], secret)
    replayed = snapshot(store)
    assert replayed.keys() == files.keys()
    changed = [p for p in files if replayed[p] != files[p]]
    assert not changed, f"replay changed {changed[:5]}"
    if endpoint is None:
        stale = [p for p in files if (store.directory / p).stat().st_mtime < replay_started]
        assert not stale, f"replay did not rewrite {stale[:5]}"

    # no patient identifier in clear in any file (values decoded: files are compressed)
    clear = (f"Patient {unique}", f"+1-555-{unique}", f"+1-777-{unique}", f"INS-{unique}", "1961-02-28")
    for path, data in replayed.items():
        text = decoded_text(data)
        leaked = [value for value in clear if value in text]
        assert not leaked, f"{path} holds {leaked} in clear"

    # the BigQuery MERGE, run twice on DuckDB over the curated files, equals Postgres for our keys
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    for table in TABLES:
        staging = staging_rows(store, table)
        merge_into(con, table, staging)
        merge_into(con, table, staging)  # loading the same files again changes nothing
        spec = TABLES[table]
        keys = [ids[table]] + ([ids["deleted_visit"]] if table == "visits" else [])
        for key in keys:
            cursor = con.execute(f'SELECT * FROM "{table}" WHERE "{spec.key}" = ?', [key])
            names = [d[0] for d in cursor.description]
            got = [dict(zip(names, r)) for r in cursor.fetchall()]
            assert len(got) == 1, f"{table} {key}: {len(got)} rows after MERGE"
            expected = source_rows(settings, table, key, secret)
            if not expected:
                assert got[0]["_deleted"] is True, f"{table} {key} deleted in Postgres but live after MERGE"
                continue
            assert got[0]["_deleted"] is False
            row = {c: got[0][c] for c in expected[0]}
            assert row == expected[0], f"{table} {key}: MERGE result {row} != Postgres {expected[0]}"
