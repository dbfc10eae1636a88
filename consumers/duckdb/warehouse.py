"""The working DuckDB database: schema, batched versioned merges, typed views and marts.

Only the consumer opens this file. Users read the published copy (see publish.py).
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pyarrow as pa

from consumers.core.changes import Change
from consumers.core.tables import TABLES
from consumers.duckdb import output_fields
from consumers.duckdb.errors import WarehouseError
from consumers.duckdb.sql_files import SQL_DIR, read_sql, render
from consumers.duckdb.transforms import OUTPUT_TABLES, by_table, last_source_ts_ms, output_batch, table_batch

STORAGE_VERSION = re.compile(r"^v\d+\.\d+\.\d+$")
CATALOG = "warehouse"


def mart_order() -> list[str]:
    return json.loads((SQL_DIR / "marts" / "contracts.json").read_text())["order"]


class Warehouse:
    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path | None):
        self.con = con
        self.path = path
        self.fields: dict[str, dict[str, str]] = {}
        self.changes_applied = 0
        self.last_source_ts_ms: int | None = None

    @classmethod
    def open(cls, path: Path | None, storage_version: str = "v1.4.0", threads: int = 2,
             memory_limit: str = "1GB") -> "Warehouse":
        """Open (creating if needed) the working database; path None keeps it in memory (tests)."""
        if not STORAGE_VERSION.match(storage_version):
            raise WarehouseError(f"HOSPITAL_DUCKDB__STORAGE_VERSION={storage_version!r} is not like v1.4.0")
        con = duckdb.connect(config={"threads": threads, "memory_limit": memory_limit})
        try:
            if path is None:
                con.execute(f"ATTACH ':memory:' AS {CATALOG}")
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                # ATTACH takes no parameters; the path is a setting, quoted by doubling single quotes.
                literal = str(path).replace("'", "''")
                con.execute(f"ATTACH '{literal}' AS {CATALOG} (STORAGE_VERSION '{storage_version}')")
            con.execute(f"USE {CATALOG}")
        except duckdb.IOException as exc:
            con.close()
            raise WarehouseError(f"cannot open the DuckDB working database {path}: {exc} "
                                 "(is another consumer running? only one may write it)") from None
        warehouse = cls(con, path)
        warehouse.create_schema()
        return warehouse

    def close(self) -> None:
        self.con.close()

    # -- schema ----------------------------------------------------------
    def create_schema(self) -> None:
        self.con.execute("BEGIN")
        try:
            self.con.execute(read_sql("state/schema.sql"))
            for table in TABLES:
                self.con.execute(read_sql(f"state/{table}.sql"))
                self.con.execute(render("views/current_state.sql", table=table))
            self.con.execute(read_sql("state/output_fields.sql"))
            self.con.execute(read_sql("state/freshness.sql"))
            self.fields = self._stored_fields()
            for table in sorted(OUTPUT_TABLES):
                self.con.execute(render("state/output_rows.sql", table=table))
                self._create_output_view(table)
            for mart in mart_order():
                self.con.execute(read_sql(f"marts/{mart}.sql"))
            self._restore_counters()
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise

    def _restore_counters(self) -> None:
        row = self.con.execute("SELECT changes_applied, epoch_ms(last_source_ts) FROM state.freshness").fetchone()
        if row:
            self.changes_applied, self.last_source_ts_ms = row[0], row[1]

    def _stored_fields(self) -> dict[str, dict[str, str]]:
        fields: dict[str, dict[str, str]] = {}
        rows = self.con.execute(
            "SELECT output, field, field_type FROM state.output_fields ORDER BY output, position").fetchall()
        for output, field, field_type in rows:
            fields.setdefault(output, {})[field] = field_type
        return fields

    def _create_output_view(self, table: str) -> None:
        columns = output_fields.view_columns(self.fields.get(table, {}))
        self.con.execute(render("views/output_rows.sql", table=table, columns=columns))

    def _update_fields(self, table: str, rows: list[dict]) -> None:
        known = self.fields.get(table, {})
        seen = output_fields.observe(known, rows)
        if seen == known:
            return
        self.fields[table] = seen
        self.con.execute("DELETE FROM state.output_fields WHERE output = ?", [table])
        self.con.executemany("INSERT INTO state.output_fields VALUES (?, ?, ?, ?)",
                             [[table, name, kind, i] for i, (name, kind) in enumerate(seen.items())])
        self._create_output_view(table)

    # -- writes ----------------------------------------------------------
    def apply(self, changes: list[Change]) -> None:
        """Merge one batch (at most one change per key) in a single transaction: all or nothing."""
        loaded_at = datetime.now(timezone.utc)
        self.con.execute("BEGIN")
        try:
            for table, group in by_table(changes).items():
                if table in TABLES:
                    self._merge(table, TABLES[table].key, table_batch(TABLES[table], group))
                elif table in OUTPUT_TABLES:
                    self._update_fields(table, [c.row for c in group])
                    self._merge(table, "_key", output_batch(group, loaded_at))
                else:
                    raise WarehouseError(f"no warehouse table for {table!r}")
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise
        self.changes_applied += len(changes)
        newest = last_source_ts_ms(changes)
        if newest and (self.last_source_ts_ms is None or newest > self.last_source_ts_ms):
            self.last_source_ts_ms = newest

    def _merge(self, table: str, key: str, batch: pa.Table) -> None:
        self.con.register("incoming", batch)
        try:
            self.con.execute(render("load/merge_latest.sql", table=table, key=key))
        finally:
            self.con.unregister("incoming")

    # -- publishing support ---------------------------------------------------
    def record_publish(self) -> None:
        last = (datetime.fromtimestamp(self.last_source_ts_ms / 1000, timezone.utc)
                if self.last_source_ts_ms else None)
        self.con.execute(read_sql("state/record_publish.sql"),
                         {"last_source_ts": last, "changes_applied": self.changes_applied})

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the database file, so the file alone is a consistent copy."""
        self.con.execute("CHECKPOINT")
