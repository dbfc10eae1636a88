"""Load the SQL files beside this module and fill in identifier placeholders.

Placeholders ({table}, {key}, ...) are only ever replaced with fixed names from
consumers/core or checked field names; values always travel as query parameters.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

SQL_DIR = Path(__file__).resolve().parent / "sql"


@lru_cache(maxsize=None)
def read_sql(name: str) -> str:
    return (SQL_DIR / name).read_text()


def render(name: str, **identifiers: str) -> str:
    text = read_sql(name)
    for placeholder, value in identifiers.items():
        text = text.replace("{" + placeholder + "}", value)
    return text


def quoted(identifier: str) -> str:
    """A DuckDB identifier in double quotes (embedded quotes doubled)."""
    return '"' + identifier.replace('"', '""') + '"'
