"""The DuckDB sink: batched versioned writes to the working database, periodic publishing.

write() is called by the consumer loop; offsets are committed after it returns, and the
working database's commit is durable, so nothing is lost between publishes. A background
thread publishes a snapshot at most every `publish_interval_s` seconds while there are
unpublished changes; a lock keeps writes out while the file is checkpointed and copied.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

import duckdb

from consumers.core.changes import Change
from consumers.duckdb.publish import publish_file
from consumers.duckdb.warehouse import Warehouse

log = logging.getLogger(__name__)


class DuckDBSink:
    name = "duckdb"

    def __init__(self, warehouse: Warehouse, published_path: Path | None, publish_interval_s: float = 2.0,
                 alive_path: Path | None = None):
        self.warehouse = warehouse
        self.published_path = published_path
        self.publish_interval_s = publish_interval_s
        self.alive_path = alive_path
        self.lock = threading.Lock()
        self.dirty = True  # publish once at start, so the file exists even before any change
        self.last_publish = 0.0
        self.publishes = 0
        self.last_publish_seconds = 0.0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def write(self, changes: list[Change]) -> None:
        with self.lock:
            try:
                self.warehouse.apply(changes)
            except duckdb.IOException as exc:
                raise OSError(f"duckdb write failed: {exc}") from exc  # disk trouble: the loop retries
            self.dirty = True

    def publish(self, force: bool = False) -> bool:
        """Publish a snapshot if there are unpublished changes (or force); True if published."""
        if self.published_path is None or self.warehouse.path is None:
            return False
        with self.lock:
            if not (self.dirty or force):
                return False
            self.warehouse.record_publish()
            self.warehouse.checkpoint()
            self.last_publish_seconds = publish_file(self.warehouse.path, self.published_path)
            self.dirty = False
            self.last_publish = time.monotonic()
            self.publishes += 1
        return True

    def publish_when_due(self) -> bool:
        if time.monotonic() - self.last_publish < self.publish_interval_s:
            return False
        return self.publish()

    def start_publishing(self, tick_s: float = 0.25) -> None:
        """Publish in the background; ticks are short so a publish follows soon after the interval."""
        def run() -> None:
            while not self._stop.wait(tick_s):
                try:
                    self.publish_when_due()
                    if self.alive_path is not None:
                        self.alive_path.touch()
                except Exception:  # keep publishing later; the working database is intact
                    log.exception("publishing %s failed; retrying", self.published_path)
        self._thread = threading.Thread(target=run, name="duckdb-publisher", daemon=True)
        self._thread.start()

    def stop_publishing(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
            self._thread = None
