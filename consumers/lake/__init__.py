"""The lake consumer: raw and curated Parquet files under <root>/<layer>/<dataset>/dt=/hr=/ (directory or GCS)."""
