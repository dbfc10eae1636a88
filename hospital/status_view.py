"""Human-readable rendering of `hospital status`."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from hospital.terminal import console as terminal_console


def render_status(report: dict) -> None:
    console = terminal_console()
    services = Table(title="services")
    for column in ("service", "state", "healthy", "port", "pid", "log"):
        services.add_column(column)
    for name, svc in report["services"].items():
        services.add_row(name, svc["state"], "yes" if svc["healthy"] else "NO", str(svc["port"]),
                         str(svc["pid"] or "-"), svc["log"])
    console.print(services)
    connector = report.get("connector")
    if connector:
        tasks = ", ".join(t["state"] for t in connector.get("tasks", [])) or "none"
        console.print(f"connector {connector['name']}: {connector['connector']['state']} (tasks: {tasks})")
    else:
        console.print("connector: not registered or Connect unreachable")
    for section in ("topics",):
        if report.get(section):
            table = Table(title=section)
            table.add_column("topic")
            table.add_column("messages", justify="right")
            for topic, count in report[section].items():
                table.add_row(topic, f"{count:,}")
            console.print(table)
    if report.get("flink"):
        render_flink(console, report["flink"])
    if report.get("lag"):
        console.print("lag: " + ", ".join(f"{stage} {value}" for stage, value in report["lag"].items()))
    if report.get("rows"):
        render_rows(console, report["rows"])
    for key, value in report.items():
        if key not in ("services", "connector", "topics", "flink", "lag", "rows") and value:
            console.print(f"{key}: {value}")


def render_flink(console: Console, flink: dict) -> None:
    if not flink.get("reachable"):
        console.print(f"flink: JobManager at {flink['rest_url']} not reachable")
    else:
        table = Table(title=f"flink jobs ({flink['rest_url']})")
        for column in ("job", "state", "checkpoints", "id"):
            table.add_column(column)
        for name, job in flink.get("jobs", {}).items():
            table.add_row(name, job["state"], str(job.get("checkpoints_completed", "-")), job.get("id", "-"))
        console.print(table)
    letters = flink.get("dead_letters") or {}
    if letters:
        console.print("dead letters: " + ", ".join(f"{topic} {count:,}" for topic, count in letters.items()))


def render_rows(console: Console, rows: dict) -> None:
    """Live rows per table, one column per store; a store that cannot answer says why below."""
    stores = [name for name, counts in rows.items() if isinstance(counts, dict)]
    table = Table(title="rows per table (live)")
    table.add_column("table")
    for store in stores:
        table.add_column(store, justify="right")
    names = dict.fromkeys(t for store in stores for t in rows[store])
    for name in names:
        table.add_row(name, *(f"{rows[s][name]:,}" if name in rows[s] else "-" for s in stores))
    console.print(table)
    for store, counts in rows.items():
        if not isinstance(counts, dict):
            console.print(f"{store}: {counts}")
