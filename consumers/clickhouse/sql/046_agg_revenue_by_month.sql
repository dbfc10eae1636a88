-- Partial revenue (sum of visits.total_cost) per visit month; read mv_revenue_by_month.
CREATE TABLE IF NOT EXISTS agg_revenue_by_month
(
    month       Date,
    revenue     Decimal(18, 2),
    visit_count Int64
)
ENGINE = SummingMergeTree
ORDER BY month
