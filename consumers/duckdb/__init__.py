"""DuckDB warehouse consumer: versioned current state, Flink outputs and marts in one file.

The consumer writes a private working database and publishes a consistent copy to the
warehouse path every few seconds, so users can open the published file with the DuckDB CLI
while the pipeline runs (a DuckDB writer would otherwise lock them out).
"""
