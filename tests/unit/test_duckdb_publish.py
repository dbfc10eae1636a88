"""Publishing snapshots while another process holds the published file open."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from consumers.duckdb.sink import DuckDBSink
from consumers.duckdb.warehouse import Warehouse
from tests.unit.duckdb_samples import doctor

HOLDER = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print(con.execute("SELECT count(*) FROM doctors").fetchone()[0], flush=True)
sys.stdin.readline()  # hold the file open until told to read again
print(con.execute("SELECT count(*) FROM doctors").fetchone()[0], flush=True)
"""


def count_in_new_process(path: Path) -> int:
    out = subprocess.run([sys.executable, "-c",
                          "import sys, duckdb; print(duckdb.connect(sys.argv[1], read_only=True)"
                          ".execute('SELECT count(*) FROM doctors').fetchone()[0])", str(path)],
                         capture_output=True, text=True, timeout=60, check=True)
    return int(out.stdout)


@pytest.fixture
def sink(tmp_path):
    warehouse = Warehouse.open(tmp_path / "work" / "work.duckdb")
    s = DuckDBSink(warehouse, tmp_path / "warehouse" / "hospital.duckdb", publish_interval_s=0.1)
    yield s
    s.stop_publishing()
    warehouse.close()


def test_publish_while_another_process_holds_the_file(sink):
    sink.write([doctor(i) for i in range(1, 4)])
    assert sink.publish()
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(sink.published_path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "3"
        for round_ in range(3):  # the writer never waits for the reader, and loses nothing
            sink.write([doctor(100 + round_)])
            assert sink.publish()
        assert count_in_new_process(sink.published_path) == 6
        holder.stdin.write("\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "3"  # the holder still sees its consistent snapshot
    finally:
        holder.kill()
        holder.wait()


def test_publish_only_when_something_changed(sink):
    assert sink.publish()  # the first publish happens even with no changes
    assert not sink.publish()
    sink.write([doctor(1)])
    assert sink.publish()
    assert sink.publish(force=True)


def test_background_publisher_makes_writes_visible_within_the_interval(sink):
    sink.start_publishing(tick_s=0.05)
    sink.write([doctor(1), doctor(2)])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if sink.published_path.exists() and count_in_new_process(sink.published_path) == 2:
            break
        time.sleep(0.1)
    else:
        pytest.fail("published file did not show the write within 10s")
    con = duckdb.connect(str(sink.published_path), read_only=True)
    try:
        assert con.execute("SELECT changes_applied FROM state.freshness").fetchone()[0] == 2
    finally:
        con.close()


def test_no_temporary_files_are_left_behind(sink):
    sink.write([doctor(1)])
    sink.publish()
    assert [p.name for p in sink.published_path.parent.iterdir()] == ["hospital.duckdb"]


def test_the_duckdb_cli_reads_the_published_file(sink):
    # The CLI comes from the duckdb-cli dependency; it must read the storage version we write.
    cli = shutil.which("duckdb", path=str(Path(sys.executable).parent))
    assert cli, "duckdb CLI missing: run `make bootstrap` (installs the duckdb-cli package)"
    sink.write([doctor(1, experience=5)])
    sink.publish()
    out = subprocess.run([cli, "-readonly", "-csv", str(sink.published_path), "-c",
                          "SELECT doctor_id, experience_level FROM doctor_performance"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["doctor_id,experience_level", "1,Experienced"]
