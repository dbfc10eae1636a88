"""How a job's source and sink tables come to exist.

In production every table is the CREATE TABLE in its .sql file with connector options
from settings. Tests inject other definitions: a source becomes a view over in-memory
rows, a sink becomes a blackhole, without touching the job's views and INSERTs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping

from flink_jobs.sql_files import load

Register = Callable[[object], None]  # (table environment) -> None


@dataclass
class Tables:
    sql_dir: Path
    options: Mapping[str, Mapping[str, str]]  # table name -> connector options
    overrides: Mapping[str, Register] = field(default_factory=dict)

    def create(self, t_env, name: str) -> None:
        if name in self.overrides:
            self.overrides[name](t_env)
            return
        t_env.execute_sql(load(self.sql_dir / "tables", name, {"options": self.options[name]}))

    def with_overrides(self, overrides: Mapping[str, Register]) -> "Tables":
        return Tables(self.sql_dir, self.options, {**self.overrides, **overrides})

    def with_options(self, options: Mapping[str, Mapping[str, str]]) -> "Tables":
        return Tables(self.sql_dir, {**self.options, **options}, self.overrides)


def blackhole_sinks(names) -> dict[str, dict[str, str]]:
    return {name: {"connector": "blackhole"} for name in names}
