-- visits.
-- Current state: highest _version per key wins; read with FINAL (the query endpoint sets final=1).
CREATE TABLE IF NOT EXISTS visits
(
    visit_id   Int64,
    patient_id Nullable(Int64),
    doctor_id  Nullable(Int64),
    visit_date Nullable(Date),
    diagnosis  Nullable(String),
    total_cost Nullable(Decimal(10, 2)),
    created_at Nullable(DateTime64(6, 'UTC')),
    updated_at Nullable(DateTime64(6, 'UTC')),
    _version     UInt128,                           -- source commit LSN * 2^64 + event LSN
    _deleted     UInt8,                             -- 1: delete marker, kept so replays cannot resurrect the row
    _source_ts   DateTime64(3, 'UTC'),
    _ingested_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(_version, _deleted)
ORDER BY visit_id
