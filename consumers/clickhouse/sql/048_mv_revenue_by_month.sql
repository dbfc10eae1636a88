-- Revenue (visits.total_cost) and visits per month over current visits; equals Postgres
-- SELECT date_trunc('month', visit_date), sum(total_cost), count(*) FROM visits GROUP BY 1.
CREATE VIEW IF NOT EXISTS mv_revenue_by_month AS
SELECT
    month,
    sum(a.revenue)     AS revenue,
    sum(a.visit_count) AS visit_count
FROM agg_revenue_by_month AS a
GROUP BY month
HAVING sum(a.visit_count) != 0
ORDER BY month
