-- Partial diagnosis counts; rows for one diagnosis add up (also before a merge): read mv_top_diagnosis.
CREATE TABLE IF NOT EXISTS agg_top_diagnosis
(
    diagnosis       String,
    diagnosis_count Int64
)
ENGINE = SummingMergeTree
ORDER BY diagnosis
