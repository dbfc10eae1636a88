WITH p AS (
    UPDATE prescriptions SET dosage = %(dosage)s WHERE prescription_id = %(prescription_id)s RETURNING 1
)
SELECT count(*) FROM p
