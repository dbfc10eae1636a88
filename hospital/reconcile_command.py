"""`hospital reconcile`: exit 1 when any sink differs from Postgres."""

from __future__ import annotations

import json
import sys

import click

from hospital.settings import get_settings


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--sink", "sinks", multiple=True, help="Only these sinks (repeatable); default all.")
@click.option("--timeout", default=120.0, show_default=True, help="Seconds to wait for lag to reach zero.")
def reconcile(as_json: bool, sinks: tuple[str, ...], timeout: float) -> None:
    """Compare every sink with Postgres: row counts and content checksums per table.

    Waits until the Debezium slot and every consumer group have no lag, then compares
    each table's live rows (pseudonymised as the sinks store them). Run it once the
    source is quiet, e.g. after `hospital stream` ended. Exits 1 on any difference and
    names the keys that differ.

    Example: hospital reconcile --sink duckdb --json
    """
    from hospital.reconcile.run import reconcile as run

    progress = (lambda _: None) if as_json else (lambda line: click.echo(line, err=True))
    report = run(get_settings(), list(sinks) or None, timeout=timeout, progress=progress)
    if as_json:
        click.echo(json.dumps(report, indent=2, default=str))
    else:
        render(report)
    sys.exit(0 if report["ok"] else 1)


def render(report: dict) -> None:
    from rich.table import Table

    from hospital.terminal import console

    table = Table(title=f"reconcile: {'PASS' if report['ok'] else 'FAIL'} (lag {report['lag']})")
    for column in ("sink", "table", "source rows", "sink rows", "checksums", "result"):
        table.add_column(column)
    for check in report["checks"]:
        same = check["source_checksum"] == check["sink_checksum"]
        detail = "ok" if check["ok"] else "; ".join(
            f"{label} {check[key][:5]}" for label, key in
            (("missing", "missing_keys"), ("extra", "extra_keys"), ("different", "different_keys")) if check[key])
        table.add_row(check["sink"], check["table"], f"{check['source_rows']:,}", f"{check['sink_rows']:,}",
                      "equal" if same else "differ", detail)
    console().print(table)
