"""A small HTTP endpoint inside the consumer process that answers read-only SQL.

chDB allows one process per data directory, so locally the consumer that writes the
engine is also the one that answers `hospital sql clickhouse`. Queries run on a read-only
handle (readonly=2, final=1) of the same engine and take the sink's lock, so they never
interleave with a batch write; they wait at most for the batch in progress.

  GET  /health              -> {"status": "ok", ...loop statistics}
  POST /query[?format=csv][&param_<name>=<value>...]
                            body = SQL -> {"columns": [...], "rows": [[...], ...]} or CSV
  Query parameters follow ClickHouse's HTTP interface: param_x binds {x:Type} in the SQL.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable
from urllib.parse import parse_qs, urlparse

from clickhouse_connect.driver.client import Client
from clickhouse_connect.driver.exceptions import ClickHouseError

log = logging.getLogger(__name__)

MAX_QUERY_BYTES = 1024 * 1024


def run_query(client: Client, lock: threading.Lock, sql: str,
              parameters: dict | None = None) -> tuple[list[str], list[list]]:
    with lock:
        result = client.query(sql, parameters=parameters or None)
        return list(result.column_names), [list(row) for row in result.result_rows]


def render(columns: list[str], rows: list[list], fmt: str) -> tuple[bytes, str]:
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(columns)
        writer.writerows(rows)
        return out.getvalue().encode(), "text/csv; charset=utf-8"
    # Decimals and timestamps as strings keep their exact value; UInt128 stays a JSON integer.
    return json.dumps({"columns": columns, "rows": rows}, default=str).encode(), "application/json"


class QueryEndpoint:
    def __init__(self, client: Client, lock: threading.Lock, host: str, port: int,
                 health: Callable[[], dict] = dict):
        self.client, self.lock, self.health = client, lock, health
        self.server = ThreadingHTTPServer((host, port), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, name="clickhouse-query-endpoint",
                                       daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "QueryEndpoint":
        self.thread.start()
        log.info("query endpoint on %s", self.url)
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _handler(self):
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                if urlparse(self.path).path != "/health":
                    return self._send(404, *render(["error"], [["not found"]], "json"))
                body = json.dumps({"status": "ok", **endpoint.health()}, default=str).encode()
                self._send(200, body, "application/json")

            def do_POST(self):
                url = urlparse(self.path)
                if url.path != "/query":
                    return self._send(404, json.dumps({"error": "not found"}).encode(), "application/json")
                length = int(self.headers.get("Content-Length") or 0)
                if not 0 < length <= MAX_QUERY_BYTES:
                    return self._error(400, f"send the SQL as the request body (1..{MAX_QUERY_BYTES} bytes)")
                sql = self.rfile.read(length).decode("utf-8", "replace")
                params = parse_qs(url.query)
                fmt = params.get("format", ["json"])[0]
                bound = {k[len("param_"):]: v[0] for k, v in params.items() if k.startswith("param_")}
                try:
                    columns, rows = run_query(endpoint.client, endpoint.lock, sql, bound)
                except ClickHouseError as exc:
                    return self._error(400, str(exc).strip().splitlines()[0])
                self._send(200, *render(columns, rows, fmt))

            def _error(self, status: int, message: str):
                self._send(status, json.dumps({"error": message}).encode(), "application/json")

            def _send(self, status: int, body: bytes, content_type: str):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, fmt, *args):  # access log only at debug level
                log.debug("query endpoint: " + fmt, *args)

        return Handler
