-- Every change of a dimension row, keyed like fk_references. Bills are not checked against
-- visits: visits change as often as facts, and this join keeps every parent change it sees.
CREATE TEMPORARY VIEW fk_parents AS
SELECT table_name AS parent,
       COALESCE(patient_id, doctor_id, medicine_id) AS parent_id,
       PROCTIME() AS proc_time
FROM cdc_changes
WHERE table_name IN ('patients', 'doctors', 'medicines') AND error IS NULL
