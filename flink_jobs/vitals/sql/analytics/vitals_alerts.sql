-- Alerts raised by the vitals job: one row per episode (alert_id = patient:rule:measured_at).
CREATE TABLE IF NOT EXISTS vitals_alerts (
    alert_id       text PRIMARY KEY,
    patient_id     bigint NOT NULL,
    device_id      bigint,
    rule_id        text NOT NULL,
    severity       text NOT NULL CHECK (severity IN ('low', 'low_medium', 'medium', 'high')),
    description    text,
    observed       double precision,
    measured_at    bigint NOT NULL,
    raised_at_utc  timestamptz,
    run_started_ms bigint,
    detected_at_utc timestamptz
);
