"""Lake stores: root parsing, atomic local writes, one-line errors for unusable roots."""

from __future__ import annotations

from pathlib import Path

import pytest

from consumers.lake.errors import LakeRootError
from consumers.lake.storage import LocalStore, open_store, split_gs_uri


def test_relative_roots_live_under_home(tmp_path):
    store = open_store("data/lake", tmp_path)
    assert isinstance(store, LocalStore) and store.directory == tmp_path / "data" / "lake"


def test_gs_uri_parsing():
    assert split_gs_uri("gs://bucket") == ("bucket", "")
    assert split_gs_uri("gs://bucket/a/b") == ("bucket", "a/b")
    with pytest.raises(LakeRootError):
        split_gs_uri("gs:///nobucket")


def test_other_schemes_are_refused(tmp_path):
    with pytest.raises(LakeRootError, match="HOSPITAL_LAKE__ROOT"):
        open_store("s3://bucket", tmp_path)


def test_local_writes_replace_whole_files_and_list_skips_temporaries(tmp_path):
    store = LocalStore(tmp_path)
    store.write_many({"raw/t/dt=2026-01-01/hr=00/a.parquet": b"one"})
    store.write_many({"raw/t/dt=2026-01-01/hr=00/a.parquet": b"two"})
    (tmp_path / "raw" / "t" / ".tmp-leftover.parquet").write_bytes(b"x")
    assert store.list() == ["raw/t/dt=2026-01-01/hr=00/a.parquet"]
    assert store.read("raw/t/dt=2026-01-01/hr=00/a.parquet") == b"two"
    assert store.read("raw/missing.parquet") is None
    assert store.list("curated/") == []


def test_unwritable_root_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(LakeRootError, match="HOSPITAL_LAKE__ROOT"):
        LocalStore(Path(blocker) / "lake")
