-- A visit entered by mistake: delete its prescriptions and the visit; its bill goes
-- by ON DELETE CASCADE. The bill is counted from the statement's snapshot, which
-- still shows it.
WITH p AS (
    DELETE FROM prescriptions WHERE prescription_id = ANY(%(prescription_ids)s::bigint[]) RETURNING 1
), v AS (
    DELETE FROM visits WHERE visit_id = %(visit_id)s RETURNING visit_id
)
SELECT (SELECT count(*) FROM p) + (SELECT count(*) FROM v)
       + (SELECT count(*) FROM billing_payments WHERE visit_id = %(visit_id)s AND EXISTS (SELECT 1 FROM v))
