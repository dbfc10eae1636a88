-- One row per reading and rule it informs: was the rule's condition met by this reading.
CREATE TEMPORARY VIEW rule_evaluations AS
SELECT
    r.patient_id, r.device_id, r.measured_at, r.rowtime,
    e.rule_id, e.severity, e.met, e.sustained_seconds, e.episode_gap_seconds, e.observed, e.description
FROM vitals_readings AS r
CROSS JOIN UNNEST(r.evaluations) AS e(
    rule_id, severity, met, sustained_seconds, episode_gap_seconds, observed, description)
