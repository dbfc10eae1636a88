-- The most recent reading (by measured_at) of each patient.
CREATE TEMPORARY VIEW vitals_latest AS
SELECT
    patient_id, device_id, measured_at, CAST(rowtime AS TIMESTAMP(3)) AS measured_at_utc,
    heart_rate, systolic, diastolic, temperature_c, spo2, respiratory_rate, news2, encrypted
FROM (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY patient_id ORDER BY rowtime DESC) AS rn
    FROM vitals_readings
)
WHERE rn = 1
