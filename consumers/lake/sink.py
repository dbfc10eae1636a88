"""The lake sink: write a batch of located changes as raw and curated Parquet files."""

from __future__ import annotations

import io
from collections import OrderedDict

import pyarrow as pa
import pyarrow.parquet as pq

from consumers.lake.events import LocatedChange
from consumers.lake.storage import Store
from consumers.lake.transforms import merge, plan_files


class LakeSink:
    name = "lake"

    def __init__(self, store: Store, span: int = 10_000, cached_files: int = 256):
        self.store = store
        self.span = span
        # Files written recently, so extending the open offset range does not re-read it;
        # after a restart the first write of a range reads the file back from the store.
        self._cache: OrderedDict[str, pa.Table] = OrderedDict()
        self._cached_files = cached_files
        self.files_written = 0

    def write(self, events: list[LocatedChange]) -> None:
        merged: dict[str, pa.Table] = {}
        for planned in plan_files(events, self.span):
            merged[planned.path] = merge(planned.layer, planned.dataset, self._existing(planned.path), planned.rows)
        self.store.write_many({path: to_parquet(table) for path, table in merged.items()})
        for path, table in merged.items():  # only after the write succeeded
            self._remember(path, table)
        self.files_written += len(merged)

    def _existing(self, path: str) -> pa.Table | None:
        if path in self._cache:
            self._cache.move_to_end(path)
            return self._cache[path]
        data = self.store.read(path)
        return pq.read_table(io.BytesIO(data)) if data is not None else None

    def _remember(self, path: str, table: pa.Table) -> None:
        self._cache[path] = table
        self._cache.move_to_end(path)
        while len(self._cache) > self._cached_files:
            self._cache.popitem(last=False)


def to_parquet(table: pa.Table) -> bytes:
    """Same rows -> same bytes: fixed writer options, no timestamps in the file."""
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd", write_statistics=True)
    return buffer.getvalue()
