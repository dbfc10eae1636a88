"""cdc_enrich: Debezium topics -> versioned, enriched visits, prescriptions and bills."""
