-- Valid patients changes: only what enrichment needs (no names, contacts or insurance ids).
CREATE TEMPORARY VIEW patient_changes AS
SELECT patient_id, date_of_birth, gender, version, deleted
FROM cdc_changes
WHERE table_name = 'patients' AND error IS NULL
