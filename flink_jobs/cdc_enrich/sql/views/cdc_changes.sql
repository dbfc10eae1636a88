-- Every Debezium record parsed once by parse_change (transforms.parse_change): typed columns
-- of its table (the union over all tables; the others stay NULL), patient_key, the version,
-- the delete flag, and the first contract it violates (error, NULL when valid).
-- Tombstones (null values after deletes) produce no row. The column list below must match
-- transforms.OUTPUT_COLUMNS (a unit test checks it).
CREATE TEMPORARY VIEW cdc_changes AS
SELECT
    c.*,
    r.`topic`,
    r.`partition`,
    r.`offset`,
    r.record_key,
    r.`value` AS payload
FROM (
    SELECT *, REGEXP_EXTRACT(`topic`, '([^.]+)$', 1) AS source_table, CAST(msg_key AS STRING) AS record_key
    FROM cdc_raw
) AS r,
LATERAL TABLE(parse_change(r.source_table, r.`value`)) AS c(
    table_name, doctor_id, name, specialization, patient_id, date_of_birth, gender, medicine_id, category, price,
    visit_id, visit_date, diagnosis, total_cost, billing_id, billing_date, total_amount, payment_status,
    prescription_id, dosage, duration, patient_key, version, deleted, error
)
