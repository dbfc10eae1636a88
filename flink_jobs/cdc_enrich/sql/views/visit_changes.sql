-- Valid visits changes.
CREATE TEMPORARY VIEW visit_changes AS
SELECT visit_id, patient_id, patient_key, doctor_id, visit_date, diagnosis, total_cost, version, deleted
FROM cdc_changes
WHERE table_name = 'visits' AND error IS NULL
