-- The bill follows the corrected visit cost, in the same transaction.
WITH v AS (
    UPDATE visits SET total_cost = %(total_cost)s WHERE visit_id = %(visit_id)s RETURNING visit_id
), b AS (
    UPDATE billing_payments SET total_amount = %(total_cost)s
    WHERE visit_id = %(visit_id)s AND EXISTS (SELECT 1 FROM v)
    RETURNING 1
)
SELECT (SELECT count(*) FROM v) + (SELECT count(*) FROM b)
