"""The ClickHouse sink: one batch of changes -> signed-log inserts, then state-table inserts.

Idempotent: state tables are ReplacingMergeTree(_version, _deleted), so the highest version
per key wins whatever the arrival order; signed logs skip changes already applied (see
signed.py). Writes and ad hoc queries share one engine, so both take `lock`: chDB handles
are not safe to use from several threads at once, and a query then sees whole batches.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from clickhouse_connect.driver.client import Client
from clickhouse_connect.driver.exceptions import ClickHouseError, OperationalError

from consumers.clickhouse.blocks import Block, state_blocks
from consumers.clickhouse.errors import SinkUnavailable, SinkWriteError
from consumers.clickhouse.schema import lookup_sql
from consumers.clickhouse.signed import FEEDS, Feed, Stored, signed_block
from consumers.core.changes import Change


@dataclass
class SinkStats:
    batches: int = 0
    rows_written: int = 0
    signed_rows_written: int = 0
    write_seconds: float = 0.0
    last_write_monotonic: float = 0.0


class ClickHouseSink:
    name = "clickhouse"

    def __init__(self, client: Client, lock: threading.Lock | None = None):
        self.client = client
        self.lock = lock or threading.Lock()
        self.stats = SinkStats()
        self._lookups = {feed.log_table: lookup_sql(feed.log_table) for feed in FEEDS.values()}
        self._contexts: dict[tuple, object] = {}

    def write(self, changes: list[Change]) -> None:
        blocks = state_blocks(changes)
        started = time.monotonic()
        with self.lock:
            try:
                self._write_locked(changes, blocks)
            except OperationalError as exc:
                self._contexts.clear()  # a retry starts from fresh insert state
                raise SinkUnavailable(f"ClickHouse unreachable during a batch write: {exc}") from None
            except ClickHouseError as exc:
                self._contexts.clear()
                raise SinkWriteError(f"ClickHouse rejected a batch: {str(exc).strip().splitlines()[0]}") from None
        self.stats.batches += 1
        self.stats.write_seconds += time.monotonic() - started
        self.stats.last_write_monotonic = time.monotonic()

    def _write_locked(self, changes: list[Change], blocks: list[Block]) -> None:
        for feed in FEEDS.values():
            fed = [c for c in changes if c.table == feed.source]
            if fed:
                # Signed rows first: they are computed against the log itself, so a crash
                # between the two inserts is repaired by the replay either way.
                signed = signed_block(feed, fed, self.stored(feed, [c.key for c in fed]))
                self.stats.signed_rows_written += self.insert(signed)
        for block in blocks:
            self.stats.rows_written += self.insert(block)

    def stored(self, feed: Feed, keys: list) -> dict[object, Stored]:
        result = self.client.query(self._lookups[feed.log_table], parameters={"keys": keys})
        return {key: Stored(int(version), tuple(values) if present else None)
                for key, version, present, values in result.result_rows}

    def insert(self, block: Block) -> int:
        if block.rows:
            context = self._insert_context(block)
            context.data = block.data
            self.client.insert(context=context)
        return block.rows

    def _insert_context(self, block: Block):
        # Built once per table and column list: otherwise every insert first asks ClickHouse
        # for the column types, one extra round trip per table per batch.
        slot = (block.table, tuple(block.columns))
        if slot not in self._contexts:
            self._contexts[slot] = self.client.create_insert_context(
                table=block.table, column_names=block.columns, column_oriented=True)
        return self._contexts[slot]
