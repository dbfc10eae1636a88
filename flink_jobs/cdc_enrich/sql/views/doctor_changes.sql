-- Valid doctors changes.
CREATE TEMPORARY VIEW doctor_changes AS
SELECT doctor_id, name, specialization, version, deleted
FROM cdc_changes
WHERE table_name = 'doctors' AND error IS NULL
