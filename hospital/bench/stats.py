"""Percentiles without numpy in the hot path of a benchmark report."""

from __future__ import annotations


def percentiles(samples: list[float], points=(50, 95, 99)) -> dict[str, float | None]:
    if not samples:
        return {f"p{p}": None for p in points} | {"n": 0}
    ordered = sorted(samples)
    result = {}
    for p in points:
        index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))
        result[f"p{p}"] = round(ordered[index], 1)
    result["n"] = len(ordered)
    return result
