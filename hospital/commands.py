"""Commands contributed by the stages (generator, sql, ...), registered on the CLI group."""

from __future__ import annotations

import importlib

import click

# module path -> attribute holding a click command
COMMAND_MODULES = [
    ("hospital.sql_command", "sql"),
    ("hospital.reconcile_command", "reconcile"),
    ("hospital.demo_summary", "demo_summary"),
    ("hospital.bench.command", "bench"),
    ("consumers.lake.command", "lake"),
    ("generator.cli", "seed"),
    ("generator.cli", "stream"),
    ("flink_jobs.cli", "flink"),
]


def register_all(group: click.Group) -> None:
    for module_name, attr in COMMAND_MODULES:
        group.add_command(getattr(importlib.import_module(module_name), attr))
