-- Current state of each bill.
-- Latest change per key (highest version); a delete stays as a row with deleted = TRUE.
CREATE TEMPORARY VIEW billing_latest AS
SELECT billing_id, patient_key, visit_id, billing_date, total_amount, payment_status, version, deleted
FROM (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY billing_id ORDER BY version DESC) AS rn
    FROM (SELECT billing_id, patient_key, visit_id, billing_date, total_amount, payment_status, version, deleted FROM billing_changes)
)
WHERE rn = 1
