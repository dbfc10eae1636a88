-- One alert per episode: a sustained reading raises an alert unless the same rule was already
-- sustained for the patient less than episode_gap_seconds before (the ongoing episode).
-- alert_id is deterministic, so a replay rewrites the same alerts.
CREATE TEMPORARY VIEW vitals_alerts AS
SELECT
    CONCAT(CAST(patient_id AS STRING), ':', rule_id, ':', CAST(measured_at AS STRING)) AS alert_id,
    patient_id,
    device_id,
    rule_id,
    severity,
    description,
    observed,
    measured_at,
    CAST(rowtime AS TIMESTAMP(3)) AS raised_at_utc,
    run_started_ms,
    CAST(CURRENT_TIMESTAMP AS TIMESTAMP(3)) AS detected_at_utc
FROM (
    SELECT
        *,
        LAG(measured_at) OVER (PARTITION BY patient_id, rule_id ORDER BY rowtime) AS previous_sustained_ms
    FROM rule_sustained
)
WHERE previous_sustained_ms IS NULL
   OR measured_at - previous_sustained_ms >= episode_gap_seconds * 1000
