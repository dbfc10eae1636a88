-- Doctors dimension.
-- Latest change per key (highest version); a delete stays as a row with deleted = TRUE.
CREATE TEMPORARY VIEW doctors_latest AS
SELECT doctor_id, name, specialization, version, deleted
FROM (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY doctor_id ORDER BY version DESC) AS rn
    FROM (SELECT doctor_id, name, specialization, version, deleted FROM doctor_changes)
)
WHERE rn = 1
