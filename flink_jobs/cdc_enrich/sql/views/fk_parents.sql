-- Every change of a parent row, keyed like fk_references.
CREATE TEMPORARY VIEW fk_parents AS
SELECT table_name AS parent,
       COALESCE(patient_id, doctor_id, medicine_id) AS parent_id,
       PROCTIME() AS proc_time
FROM cdc_changes
WHERE table_name IN ('patients', 'doctors', 'medicines') AND error IS NULL
UNION ALL
SELECT table_name, visit_id, PROCTIME()
FROM cdc_changes
WHERE table_name = 'visits' AND error IS NULL
