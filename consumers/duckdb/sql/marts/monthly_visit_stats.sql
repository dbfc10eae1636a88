-- One row per calendar month of visit_date.
CREATE OR REPLACE VIEW main.monthly_visit_stats AS
SELECT visit_month,
       count(*) AS total_visits,
       count(DISTINCT patient_id) AS unique_patients,
       count(DISTINCT doctor_id) AS unique_doctors,
       CAST(sum(total_cost) AS DECIMAL(18, 2)) AS total_revenue,
       CAST(avg(total_cost) AS DECIMAL(12, 2)) AS avg_visit_cost,
       count(*) FILTER (WHERE cost_category = 'High') AS high_cost_visits,
       count(*) FILTER (WHERE cost_category = 'Medium') AS medium_cost_visits,
       count(*) FILTER (WHERE cost_category = 'Low') AS low_cost_visits
FROM main.fct_visits
GROUP BY visit_month;
