-- Signed change log of prescriptions (see visit_signs for the scheme): input of prescription stats.
CREATE TABLE IF NOT EXISTS prescription_signs
(
    prescription_id Int64,
    _version        UInt128,
    sign            Int8,
    medicine_id     Nullable(Int64),
    _ingested_at    DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = MergeTree
ORDER BY (prescription_id, _version, sign)
