-- One row per doctor. Visits and prescriptions are aggregated per doctor before the join:
-- joining the raw rows would multiply each visit by the doctor's prescriptions (fan-out).
-- Averages go through DOUBLE inside avg() and are cast back to two decimals.
CREATE OR REPLACE VIEW main.doctor_performance AS
WITH visit_totals AS (
    SELECT doctor_id,
           count(*) AS total_visits,
           count(DISTINCT patient_id) AS unique_patients,
           sum(total_cost) AS total_revenue,
           CAST(avg(total_cost) AS DECIMAL(12, 2)) AS avg_visit_cost,
           count(*) FILTER (WHERE cost_category = 'High') AS high_cost_visits,
           max(visit_date) AS last_visit_date
    FROM main.fct_visits
    GROUP BY doctor_id
),
prescription_totals AS (
    SELECT doctor_id,
           count(*) AS total_prescriptions
    FROM main.prescriptions
    GROUP BY doctor_id
)
SELECT d.doctor_id,
       d.doctor_name,
       d.specialization,
       d.experience_years,
       d.experience_level,
       coalesce(v.total_visits, 0) AS total_visits,
       coalesce(v.unique_patients, 0) AS unique_patients,
       CAST(coalesce(v.total_revenue, 0) AS DECIMAL(18, 2)) AS total_revenue,
       v.avg_visit_cost,
       coalesce(v.high_cost_visits, 0) AS high_cost_visits,
       coalesce(p.total_prescriptions, 0) AS total_prescriptions,
       v.last_visit_date
FROM main.dim_doctors AS d
LEFT JOIN visit_totals AS v ON v.doctor_id = d.doctor_id
LEFT JOIN prescription_totals AS p ON p.doctor_id = d.doctor_id;
