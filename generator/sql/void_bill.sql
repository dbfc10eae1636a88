WITH b AS (
    DELETE FROM billing_payments WHERE billing_id = %(billing_id)s RETURNING 1
)
SELECT count(*) FROM b
