"""Benchmarks behind `hospital bench`: results as JSON and a markdown table under data/bench/."""
