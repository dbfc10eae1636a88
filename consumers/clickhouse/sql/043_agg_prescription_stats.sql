-- Partial prescription counts per medicine; read mv_prescription_stats.
CREATE TABLE IF NOT EXISTS agg_prescription_stats
(
    medicine_id      Int64,
    total_prescribed Int64
)
ENGINE = SummingMergeTree
ORDER BY medicine_id
