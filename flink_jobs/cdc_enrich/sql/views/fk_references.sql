-- Foreign keys to the dimensions (patients, doctors, medicines), one row per new or changed fact
-- (deletes need none),
-- with the record's position for the dead letters (not its text: a join keeps these rows for the
-- whole grace period). proc_time: when the job saw the change.
CREATE TEMPORARY VIEW fk_references AS
SELECT 'visits.patient_id' AS reference, 'patients' AS parent, patient_id AS parent_id,
       `topic`, `partition`, `offset`, record_key, PROCTIME() AS proc_time
FROM cdc_changes WHERE table_name = 'visits' AND error IS NULL AND NOT deleted
UNION ALL
SELECT 'visits.doctor_id', 'doctors', doctor_id, `topic`, `partition`, `offset`, record_key, PROCTIME()
FROM cdc_changes WHERE table_name = 'visits' AND error IS NULL AND NOT deleted
UNION ALL
SELECT 'prescriptions.medicine_id', 'medicines', medicine_id, `topic`, `partition`, `offset`, record_key,
       PROCTIME()
FROM cdc_changes WHERE table_name = 'prescriptions' AND error IS NULL AND NOT deleted
