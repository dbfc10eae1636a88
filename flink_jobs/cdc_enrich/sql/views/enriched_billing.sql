-- Bills with their visit's date, the days from visit to bill and a paid flag.
CREATE TEMPORARY VIEW enriched_billing AS
SELECT
    b.billing_id,
    b.visit_id,
    b.patient_key,
    b.billing_date,
    v.visit_date,
    CAST(TIMESTAMPDIFF(DAY, CAST(v.visit_date AS TIMESTAMP(3)), CAST(b.billing_date AS TIMESTAMP(3))) AS INT)
        AS days_to_bill,
    b.payment_status = 'Paid' AS paid,
    b.total_amount,
    b.payment_status,
    GREATEST(b.version, COALESCE(v.version, b.version)) AS version,
    b.deleted
FROM billing_latest AS b
LEFT JOIN visits_latest AS v ON b.visit_id = v.visit_id
