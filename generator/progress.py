"""Live progress and the closing summary of `hospital stream` (rich)."""

from __future__ import annotations

import time

from rich.console import Console, Group
from rich.live import Live
from rich.table import Table
from rich.text import Text

from generator.stream_stats import StreamStats


def rate_text(value: float | None) -> str:
    return "max" if value is None else f"{value:,.0f}/s"


class StreamProgress:
    """Callable given to run_stream: redraws a small table a few times a second."""

    def __init__(self, console: Console | None = None):
        self.console = console or Console()
        self.live = Live(console=self.console, refresh_per_second=4, transient=False)
        self.last: tuple[float, int, int, int] | None = None  # (time, rows, transactions, vitals)
        self.now_rates = (0.0, 0.0, 0.0)

    def __enter__(self) -> StreamProgress:
        self.live.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self.live.__exit__(*exc)

    def __call__(self, stats: StreamStats) -> None:
        now = time.monotonic()
        sample = (now, stats.row_changes, stats.transactions, stats.vitals_sent)
        if self.last is not None and now - self.last[0] >= 0.5:
            span = now - self.last[0]
            self.now_rates = tuple((sample[i] - self.last[i]) / span for i in (1, 2, 3))
            self.last = sample
        elif self.last is None:
            self.last = sample
        self.live.update(self.render(stats))

    def render(self, stats: StreamStats) -> Group:
        table = Table(title=f"hospital stream: {stats.elapsed:,.1f} s", title_justify="left")
        table.add_column("")
        table.add_column("total", justify="right")
        table.add_column("now", justify="right")
        table.add_column("average", justify="right")
        table.add_column("target", justify="right")
        rows_now, tx_now, vitals_now = self.now_rates
        table.add_row("row changes", f"{stats.row_changes:,}", f"{rows_now:,.0f}/s", f"{stats.row_rate:,.0f}/s",
                      rate_text(stats.target_rate))
        table.add_row("transactions", f"{stats.transactions:,}", f"{tx_now:,.0f}/s",
                      f"{stats.transaction_rate:,.0f}/s", "")
        if stats.vitals_target_rate is not None or stats.vitals_sent:
            table.add_row("vitals sent", f"{stats.vitals_sent:,}", f"{vitals_now:,.0f}/s",
                          f"{stats.vitals_rate:,.0f}/s", rate_text(stats.vitals_target_rate))
        changes = stats.changes
        detail = Text(f"inserts {changes['insert']:,} · updates {changes['update']:,} · deletes {changes['delete']:,}"
                      f" · failed {stats.failed} · skipped {stats.skipped}"
                      f" · episodes {stats.episodes_active}", style="dim")
        parts = [table, detail]
        if stats.last_error:
            parts.append(Text(f"last error: {stats.last_error}", style="yellow"))
        return Group(*parts)


def print_summary(stats: StreamStats, console: Console | None = None) -> None:
    console = console or Console()
    console.print()  # the live display may leave its last line open when output is not a terminal
    table = Table(title="stream summary", title_justify="left")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_row("seconds", f"{stats.elapsed:,.1f}")
    table.add_row("row changes", f"{stats.row_changes:,}")
    table.add_row("row changes/s", f"{stats.row_rate:,.0f}")
    table.add_row("transactions", f"{stats.transactions:,}")
    table.add_row("transactions/s", f"{stats.transaction_rate:,.0f}")
    for change in ("insert", "update", "delete"):
        table.add_row(f"  {change}s", f"{stats.changes[change]:,}")
    for kind, count in sorted(stats.by_kind.items()):
        table.add_row(f"  {kind.replace('_', ' ')}", f"{count:,}")
    table.add_row("failed transactions", f"{stats.failed:,}")
    table.add_row("vitals sent", f"{stats.vitals_sent:,}")
    table.add_row("vitals/s", f"{stats.vitals_rate:,.0f}")
    if stats.vitals_errors:
        table.add_row("vitals errors", f"{stats.vitals_errors:,}")
    console.print(table)
    if stats.last_error:
        console.print(f"[yellow]last error: {stats.last_error}[/yellow]")
