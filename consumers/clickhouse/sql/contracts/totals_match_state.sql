-- the materialized totals agree with the deduplicated state (signed logs and state tables in step)
SELECT
    ((SELECT sum(diagnosis_count) FROM mv_top_diagnosis) != (SELECT count() FROM visits FINAL))
  + ((SELECT sum(total_prescribed) FROM mv_prescription_stats) != (SELECT count() FROM prescriptions FINAL))
  + ((SELECT sum(revenue) FROM mv_revenue_by_doctor) != (SELECT sum(total_cost) FROM visits FINAL))
  + ((SELECT sum(visit_count) FROM mv_revenue_by_month) != (SELECT count() FROM visits FINAL))
