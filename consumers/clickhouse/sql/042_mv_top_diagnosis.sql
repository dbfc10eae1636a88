-- Visits per diagnosis over current visits; equals Postgres
-- SELECT diagnosis, count(*) FROM visits GROUP BY diagnosis after any updates and deletes.
CREATE VIEW IF NOT EXISTS mv_top_diagnosis AS
SELECT
    diagnosis,
    sum(a.diagnosis_count) AS diagnosis_count
FROM agg_top_diagnosis AS a
GROUP BY diagnosis
HAVING sum(a.diagnosis_count) != 0
ORDER BY diagnosis_count DESC, diagnosis
