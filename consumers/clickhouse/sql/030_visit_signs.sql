-- Signed change log of visits, the input of the visit totals (diagnosis counts, revenue).
-- Insert-only. For each applied change the consumer writes -1 for the values it replaces
-- and +1 for the new values (a delete writes only -1), all at the change's _version, so
-- sum(sign * x) is always the total over current rows. The consumer reads the latest
-- version per key from this table itself (lookups/visit_signs.sql) and skips changes at or
-- below it: replays and redeliveries add nothing. sign 0 rows only record a version.
CREATE TABLE IF NOT EXISTS visit_signs
(
    visit_id     Int64,
    _version     UInt128,
    sign         Int8,
    diagnosis    Nullable(String),
    doctor_id    Nullable(Int64),
    visit_date   Nullable(Date),
    total_cost   Nullable(Decimal(10, 2)),
    _ingested_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = MergeTree
ORDER BY (visit_id, _version, sign)
