"""The console every command prints its tables to."""

from __future__ import annotations

from rich.console import Console

# Piped or logged output (make demo, CI) would otherwise be cut at 80 columns mid-table.
UNATTENDED_WIDTH = 160


def console() -> Console:
    probe = Console()
    return probe if probe.is_terminal else Console(width=UNATTENDED_WIDTH)
