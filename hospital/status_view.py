"""Human-readable rendering of `hospital status`."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table


def render_status(report: dict) -> None:
    console = Console()
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
    for key, value in report.items():
        if key not in ("services", "connector", "topics", "flink") and value:
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
