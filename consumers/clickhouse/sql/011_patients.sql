-- patients; full_name, contact_info and insurance_id arrive as keyed hashes, date of birth as age_band.
-- Current state: highest _version per key wins; read with FINAL (the query endpoint sets final=1).
CREATE TABLE IF NOT EXISTS patients
(
    patient_id   Int64,
    full_name    Nullable(String),
    age_band     Nullable(String),
    gender       Nullable(String),
    blood_type   Nullable(String),
    contact_info Nullable(String),
    insurance_id Nullable(String),
    created_at   Nullable(DateTime64(6, 'UTC')),
    updated_at   Nullable(DateTime64(6, 'UTC')),
    _version     UInt128,                           -- source commit LSN * 2^64 + event LSN
    _deleted     UInt8,                             -- 1: delete marker, kept so replays cannot resurrect the row
    _source_ts   DateTime64(3, 'UTC'),
    _ingested_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(_version, _deleted)
ORDER BY patient_id
