-- no total is negative (a retraction without its addition would show here)
SELECT
    (SELECT count() FROM mv_top_diagnosis WHERE diagnosis_count < 0)
  + (SELECT count() FROM mv_prescription_stats WHERE total_prescribed < 0)
  + (SELECT count() FROM mv_revenue_by_doctor WHERE visit_count < 0)
  + (SELECT count() FROM mv_revenue_by_month WHERE visit_count < 0)
