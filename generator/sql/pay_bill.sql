WITH b AS (
    UPDATE billing_payments SET payment_status = 'Paid'
    WHERE billing_id = %(billing_id)s AND payment_status <> 'Paid'
    RETURNING 1
)
SELECT count(*) FROM b
