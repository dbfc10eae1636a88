-- Current state of each visit; patient_key comes from the parser.
-- Latest change per key (highest version); a delete stays as a row with deleted = TRUE.
CREATE TEMPORARY VIEW visits_latest AS
SELECT visit_id, patient_id, patient_key, doctor_id, visit_date, diagnosis, total_cost, version, deleted
FROM (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY visit_id ORDER BY version DESC) AS rn
    FROM (SELECT visit_id, patient_id, patient_key, doctor_id, visit_date, diagnosis, total_cost, version, deleted FROM visit_changes)
)
WHERE rn = 1
