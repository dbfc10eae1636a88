-- prescriptions joined with medicines (topic enriched.prescriptions).
-- Flink output rows (already pseudonymised), kept whole as JSON in data; highest _version per key wins.
CREATE TABLE IF NOT EXISTS enriched_prescriptions
(
    prescription_id Int64,
    data         String,                            -- the row as the Flink job wrote it (JSON object)
    _version     UInt128,                           -- source commit LSN * 2^64 + event LSN
    _deleted     UInt8,                             -- 1: delete marker, kept so replays cannot resurrect the row
    _source_ts   DateTime64(3, 'UTC'),
    _ingested_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(_version, _deleted)
ORDER BY prescription_id
