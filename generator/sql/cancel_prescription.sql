WITH p AS (
    DELETE FROM prescriptions WHERE prescription_id = %(prescription_id)s RETURNING 1
)
SELECT count(*) FROM p
