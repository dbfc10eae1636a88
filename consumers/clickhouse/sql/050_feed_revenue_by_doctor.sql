-- Materialized view: signed revenue and visit counts per doctor.
CREATE MATERIALIZED VIEW IF NOT EXISTS feed_revenue_by_doctor TO agg_revenue_by_doctor AS
SELECT
    assumeNotNull(s.doctor_id)                                   AS doctor_id,
    toDecimal128(sum(s.sign * ifNull(s.total_cost, toDecimal32(0, 2))), 2) AS revenue,
    toInt64(sum(s.sign))                                         AS visit_count
FROM visit_signs AS s
WHERE s.sign != 0 AND s.doctor_id IS NOT NULL
GROUP BY doctor_id
