-- Valid readings that are on time (after the watermark). vitals_timed is vitals_parsed with the
-- event-time attribute `rowtime` and its watermark (set in job.py: SQL views cannot declare one).
CREATE TEMPORARY VIEW vitals_readings AS
SELECT
    device_id, patient_id, measured_at, heart_rate, systolic, diastolic, temperature_c, spo2,
    respiratory_rate, encrypted, news2, evaluations, rowtime
FROM vitals_timed
WHERE error IS NULL
  AND (CURRENT_WATERMARK(rowtime) IS NULL OR rowtime > CURRENT_WATERMARK(rowtime))
