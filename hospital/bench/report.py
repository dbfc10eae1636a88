"""Write a benchmark's results as JSON and a markdown table under data/bench/."""

from __future__ import annotations

import json
import platform
import time
from pathlib import Path

from hospital.settings import Settings


def flatten(prefix: str, value, rows: list[tuple[str, str]]) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            flatten(f"{prefix}.{key}" if prefix else str(key), inner, rows)
    else:
        rows.append((prefix, "" if value is None else str(value)))


def write(settings: Settings, name: str, results: dict, table: list[str] | None = None) -> tuple[Path, Path]:
    """`table`: markdown lines of a summary table shown above the full metric list."""
    out = settings.data_dir / "bench"
    out.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S")
    meta = {"benchmark": name, "at": stamp, "machine": {"cpus": __import__("os").cpu_count(),
                                                        "python": platform.python_version()}}
    json_path = out / f"{name}-{stamp}.json"
    json_path.write_text(json.dumps({**meta, "results": results}, indent=2, default=str))
    rows: list[tuple[str, str]] = []
    flatten("", results, rows)
    lines = [f"# {name} ({stamp})", ""] + ([*table, ""] if table else []) + ["| metric | value |", "|---|---|"]
    lines += [f"| {metric} | {value} |" for metric, value in rows]
    md_path = out / f"{name}-{stamp}.md"
    md_path.write_text("\n".join(lines) + "\n")
    return json_path, md_path
