-- Valid prescriptions changes, with the doses per day and days parsed from dosage
-- ('<amount> <unit> <n>x daily') and duration ('<n> days'); the parser already rejected
-- other formats, so these never come out NULL.
CREATE TEMPORARY VIEW prescription_changes AS
SELECT
    prescription_id, patient_key, doctor_id, medicine_id, dosage, duration,
    CAST(REGEXP_EXTRACT(dosage, '^[0-9]+(\.[0-9]+)? [a-z]+ ([0-9]+)x daily$', 2) AS INT) AS daily_count,
    CAST(REGEXP_EXTRACT(duration, '^([0-9]+) days?$', 1) AS INT) AS duration_days,
    version, deleted
FROM cdc_changes
WHERE table_name = 'prescriptions' AND error IS NULL
