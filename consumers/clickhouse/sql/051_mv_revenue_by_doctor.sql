-- Revenue (visits.total_cost) and visits per doctor over current visits; equals Postgres
-- SELECT doctor_id, sum(total_cost), count(*) FROM visits GROUP BY doctor_id.
CREATE VIEW IF NOT EXISTS mv_revenue_by_doctor AS
SELECT
    doctor_id,
    sum(a.revenue)     AS revenue,
    sum(a.visit_count) AS visit_count
FROM agg_revenue_by_doctor AS a
GROUP BY doctor_id
HAVING sum(a.visit_count) != 0
ORDER BY revenue DESC, doctor_id
