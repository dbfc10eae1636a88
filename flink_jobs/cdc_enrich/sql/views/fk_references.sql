-- Foreign keys that enrichment depends on, one row per new or changed fact (deletes need none),
-- with the record's position for the dead letters. proc_time: when the job saw the change.
CREATE TEMPORARY VIEW fk_references AS
SELECT 'visits.patient_id' AS reference, 'patients' AS parent, patient_id AS parent_id,
       `topic`, `partition`, `offset`, record_key, payload, PROCTIME() AS proc_time
FROM cdc_changes WHERE table_name = 'visits' AND error IS NULL AND NOT deleted
UNION ALL
SELECT 'visits.doctor_id', 'doctors', doctor_id, `topic`, `partition`, `offset`, record_key, payload, PROCTIME()
FROM cdc_changes WHERE table_name = 'visits' AND error IS NULL AND NOT deleted
UNION ALL
SELECT 'prescriptions.medicine_id', 'medicines', medicine_id, `topic`, `partition`, `offset`, record_key, payload,
       PROCTIME()
FROM cdc_changes WHERE table_name = 'prescriptions' AND error IS NULL AND NOT deleted
UNION ALL
SELECT 'billing_payments.visit_id', 'visits', visit_id, `topic`, `partition`, `offset`, record_key, payload,
       PROCTIME()
FROM cdc_changes WHERE table_name = 'billing_payments' AND error IS NULL AND NOT deleted
