"""`hospital demo-summary`: where the data went, whether every sink equals the source, how to look."""

from __future__ import annotations

import json
import sys

import click

from hospital.settings import Settings, get_settings

LATENCY_SAMPLES = 5


def alert_counts(settings: Settings) -> list[tuple[str, str, int]]:
    """(rule, severity, alerts) raised so far, from the analytics database."""
    from hospital.postgres import connect

    with connect(settings, settings.postgres.analytics_database) as conn:
        return conn.execute("SELECT rule_id, severity, count(*) FROM vitals_alerts "
                            "GROUP BY rule_id, severity ORDER BY count(*) DESC").fetchall()


def rows_per_sink(report: dict) -> dict[str, dict[str, tuple[int, int, bool]]]:
    """table -> sink -> (source rows, sink rows, equal). Pure."""
    table: dict[str, dict[str, tuple[int, int, bool]]] = {}
    for check in report["checks"]:
        table.setdefault(check["table"], {})[check["sink"]] = (check["source_rows"], check["sink_rows"], check["ok"])
    return table


def how_to_look(settings: Settings) -> list[str]:
    from consumers.duckdb.settings import config

    warehouse = config(settings).published
    return [
        f".venv/bin/duckdb -readonly {warehouse} -c 'SELECT * FROM doctor_performance LIMIT 5'",
        ".venv/bin/hospital sql clickhouse 'SELECT * FROM mv_top_diagnosis ORDER BY diagnosis_count DESC LIMIT 5'",
        ".venv/bin/hospital sql analytics 'SELECT rule_id, severity, count(*) FROM vitals_alerts GROUP BY 1, 2'",
        f"Flink Web UI: {settings.flink.rest_url}",
        ".venv/bin/hospital status",
    ]


def collect(settings: Settings, timeout: float) -> dict:
    from flink_jobs.monitor import job_states
    from hospital.bench.sinks import commit_to_queryable
    from hospital.reconcile.run import reconcile
    from hospital.topics import topic_counts

    # The probe's rows are deleted again before reconcile compares.
    latency = commit_to_queryable(settings, samples=LATENCY_SAMPLES)
    report = reconcile(settings, timeout=timeout)
    return {"topics": topic_counts(settings), "flink_jobs": job_states(settings), "alerts": alert_counts(settings),
            "commit_to_queryable_ms": latency, "reconcile": report, "how_to_look": how_to_look(settings)}


def render(summary: dict) -> None:
    from rich.table import Table

    from hospital.terminal import console as terminal_console

    console = terminal_console()
    topics = Table(title="topics (messages held)")
    topics.add_column("topic")
    topics.add_column("messages", justify="right")
    for topic, count in summary["topics"].items():
        topics.add_row(topic, f"{count:,}")
    console.print(topics)

    jobs = ", ".join(f"{name} {job['state']} ({job.get('checkpoints_completed', 0)} checkpoints)"
                     for name, job in summary["flink_jobs"].items())
    console.print(f"flink jobs: {jobs}")

    report = summary["reconcile"]
    per_table = rows_per_sink(report)
    sinks = list(dict.fromkeys(c["sink"] for c in report["checks"]))
    rows = Table(title=f"rows per table per sink: reconcile {'PASS' if report['ok'] else 'FAIL'}")
    rows.add_column("table")
    rows.add_column("postgres", justify="right")
    for sink in sinks:
        rows.add_column(sink, justify="right")
    for table, by_sink in per_table.items():
        source = next(iter(by_sink.values()))[0]
        cells = [f"{by_sink[s][1]:,}{'' if by_sink[s][2] else ' DIFFERS'}" if s in by_sink else "-" for s in sinks]
        rows.add_row(table, f"{source:,}", *cells)
    console.print(rows)
    console.print(f"lag: {report['lag']}")

    latency = ", ".join(f"{sink} p50 {p['p50']:.0f} ms / p95 {p['p95']:.0f} ms"
                        for sink, p in summary["commit_to_queryable_ms"].items() if p.get("n"))
    console.print(f"commit -> queryable ({LATENCY_SAMPLES} probes): {latency or 'no sample reached a sink'}")

    alerts = summary["alerts"]
    total = sum(n for _, _, n in alerts)
    detail = ", ".join(f"{rule}/{severity} {n:,}" for rule, severity, n in alerts)
    console.print(f"alerts raised: {total:,}" + (f" ({detail})" if detail else ""))

    console.print("how to look:")
    for line in summary["how_to_look"]:
        console.print(f"  {line}", markup=False)


@click.command("demo-summary")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--timeout", default=300.0, show_default=True, help="Seconds to wait for every stage to catch up.")
def demo_summary(as_json: bool, timeout: float) -> None:
    """Summarise the running pipeline: topics, Flink jobs, rows per table per sink, alerts, lag, latency.

    Runs a short commit -> queryable probe, then `hospital reconcile` over every sink, and
    prints how to query the live data. Exits 1 when a sink differs from Postgres.

    Example: hospital demo-summary --timeout 120
    """
    summary = collect(get_settings(), timeout)
    if as_json:
        click.echo(json.dumps(summary, indent=2, default=str))
    else:
        render(summary)
    sys.exit(0 if summary["reconcile"]["ok"] else 1)
