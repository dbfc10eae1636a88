"""BigQuery loads: curated lake files -> staging tables (load jobs) -> MERGE into the targets."""
