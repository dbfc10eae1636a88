-- Materialized view: signed revenue and visit counts per month of visit_date.
CREATE MATERIALIZED VIEW IF NOT EXISTS feed_revenue_by_month TO agg_revenue_by_month AS
SELECT
    toStartOfMonth(assumeNotNull(s.visit_date))                  AS month,
    toDecimal128(sum(s.sign * ifNull(s.total_cost, toDecimal32(0, 2))), 2) AS revenue,
    toInt64(sum(s.sign))                                         AS visit_count
FROM visit_signs AS s
WHERE s.sign != 0 AND s.visit_date IS NOT NULL
GROUP BY month
