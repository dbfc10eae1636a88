-- Current state of each prescription.
-- Latest change per key (highest version); a delete stays as a row with deleted = TRUE.
CREATE TEMPORARY VIEW prescriptions_latest AS
SELECT prescription_id, patient_key, doctor_id, medicine_id, dosage, duration, daily_count, duration_days, version, deleted
FROM (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY prescription_id ORDER BY version DESC) AS rn
    FROM (SELECT prescription_id, patient_key, doctor_id, medicine_id, dosage, duration, daily_count, duration_days, version, deleted FROM prescription_changes)
)
WHERE rn = 1
