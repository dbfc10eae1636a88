"""Docs that cannot drift: every CLI command has help text with a working-looking example."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from hospital.cli import cli
from hospital.commands import register_all

register_all(cli)


def all_commands(group: click.Group, prefix=("hospital",)):
    for name, command in sorted(group.commands.items()):
        path = (*prefix, name)
        yield path, command
        if isinstance(command, click.Group):
            yield from all_commands(command, path)


COMMANDS = list(all_commands(cli))


def test_design_contract_commands_exist():
    names = {path[1] for path, _ in COMMANDS}
    assert {"up", "down", "status", "seed", "stream", "sql"} <= names


@pytest.mark.parametrize("path,command", COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_help_has_text_and_example(path, command):
    result = CliRunner().invoke(cli, [*path[1:], "--help"])
    assert result.exit_code == 0, result.output
    assert command.help and len(command.help.strip()) > 20
    example = [line for line in result.output.splitlines() if "Example:" in line]
    assert example, f"{' '.join(path)} --help has no Example"
    assert "hospital " + " ".join(path[1:]) in result.output.replace("\n", " ").replace("  ", " ")
