-- Valid billing_payments changes.
CREATE TEMPORARY VIEW billing_changes AS
SELECT billing_id, patient_key, visit_id, billing_date, total_amount, payment_status, version, deleted
FROM cdc_changes
WHERE table_name = 'billing_payments' AND error IS NULL
