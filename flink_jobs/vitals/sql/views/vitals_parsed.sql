-- Every record read once by read_vital (transforms.parse_reading): decrypted when it is an
-- envelope, typed, range-checked, scored (NEWS2) and evaluated against rules.yaml; error is the
-- first violated contract (NULL when valid). The column list must match udfs.OUTPUT_COLUMNS.
-- event_ms is the event time: measured_at, or the Kafka timestamp for records without one.
CREATE TEMPORARY VIEW vitals_parsed AS
SELECT
    c.*,
    COALESCE(c.measured_at, r.kafka_seconds * 1000) AS event_ms,
    r.`topic`,
    r.`partition`,
    r.`offset`,
    r.record_key,
    r.`value` AS payload
FROM (
    SELECT *, EXTRACT(EPOCH FROM kafka_ts) AS kafka_seconds, CAST(msg_key AS STRING) AS record_key
    FROM vitals_raw
    WHERE `value` IS NOT NULL
) AS r,
LATERAL TABLE(read_vital(r.`value`, r.kafka_seconds)) AS c(
    device_id, patient_id, measured_at, heart_rate, systolic, diastolic, temperature_c, spo2,
    respiratory_rate, encrypted, news2, evaluations, error
)
