"""SQL statements live in .sql files, one statement per file.

Flink SQL has no bind parameters, so values that differ between deployments (topics,
addresses, credentials) are `${name}` placeholders filled by `render`: a string becomes a
quoted SQL literal (quotes doubled), a dict becomes a WITH-clause option list. Values are
never spliced in unquoted, and secrets never live in the files.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Mapping

PLACEHOLDER = re.compile(r"\$\{([a-z_][a-z0-9_]*)\}")


class MissingParameter(KeyError):
    """A .sql file names a placeholder the job did not provide."""


def literal(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def option_list(options: Mapping[str, object]) -> str:
    return ",\n  ".join(f"{literal(key)} = {literal(value)}" for key, value in options.items())


def render(text: str, params: Mapping[str, object] | None = None) -> str:
    params = params or {}

    def substitute(match: re.Match) -> str:
        name = match.group(1)
        if name not in params:
            raise MissingParameter(f"SQL placeholder ${{{name}}} has no value")
        value = params[name]
        return option_list(value) if isinstance(value, Mapping) else literal(value)

    return PLACEHOLDER.sub(substitute, text)


def load(directory: Path, name: str, params: Mapping[str, object] | None = None) -> str:
    """The statement in `<directory>/<name>.sql`, rendered, without its trailing semicolon."""
    text = (directory / f"{name}.sql").read_text()
    return render(text, params).strip().rstrip(";")


def placeholders(directory: Path, name: str) -> set[str]:
    return set(PLACEHOLDER.findall((directory / f"{name}.sql").read_text()))
