"""The generator's SQL statements, one per file, loaded by name."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def query(name: str) -> str:
    return (HERE / f"{name}.sql").read_text()
