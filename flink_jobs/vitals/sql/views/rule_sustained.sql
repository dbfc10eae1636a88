-- Readings at which a rule's condition has held for its sustained_seconds (since the first
-- reading of the unbroken run).
CREATE TEMPORARY VIEW rule_sustained AS
SELECT *
FROM (
    SELECT
        *,
        MIN(measured_at) OVER (
            PARTITION BY patient_id, rule_id, run ORDER BY rowtime
            ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS run_started_ms
    FROM rule_runs
    WHERE met
)
WHERE measured_at - run_started_ms >= sustained_seconds * 1000
