-- Topic alerts.vitals: one JSON record per alert, keyed by alert_id (replays repeat the same ids).
CREATE TABLE alerts_topic (
    alert_id       STRING NOT NULL,
    patient_id     BIGINT NOT NULL,
    device_id      BIGINT,
    rule_id        STRING NOT NULL,
    severity       STRING NOT NULL,
    description    STRING,
    observed       DOUBLE,
    measured_at    BIGINT NOT NULL,
    raised_at_utc  TIMESTAMP(3),
    run_started_ms BIGINT,
    detected_at_utc TIMESTAMP(3)
) WITH (
  ${options}
)
