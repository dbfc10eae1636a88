-- Partial revenue (sum of visits.total_cost) per doctor; read mv_revenue_by_doctor.
CREATE TABLE IF NOT EXISTS agg_revenue_by_doctor
(
    doctor_id   Int64,
    revenue     Decimal(18, 2),
    visit_count Int64
)
ENGINE = SummingMergeTree
ORDER BY doctor_id
