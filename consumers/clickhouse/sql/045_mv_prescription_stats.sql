-- Prescriptions per medicine over current prescriptions; equals Postgres
-- SELECT medicine_id, count(*) FROM prescriptions GROUP BY medicine_id.
CREATE VIEW IF NOT EXISTS mv_prescription_stats AS
SELECT
    medicine_id,
    sum(a.total_prescribed) AS total_prescribed
FROM agg_prescription_stats AS a
GROUP BY medicine_id
HAVING sum(a.total_prescribed) != 0
ORDER BY total_prescribed DESC, medicine_id
