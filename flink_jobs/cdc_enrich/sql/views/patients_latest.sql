-- Patients dimension.
-- Latest change per key (highest version); a delete stays as a row with deleted = TRUE.
CREATE TEMPORARY VIEW patients_latest AS
SELECT patient_id, date_of_birth, gender, version, deleted
FROM (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY patient_id ORDER BY version DESC) AS rn
    FROM (SELECT patient_id, date_of_birth, gender, version, deleted FROM patient_changes)
)
WHERE rn = 1
