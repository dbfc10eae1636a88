-- Visits with the reference cost_category: > 500 High, > 200 Medium, else Low.
CREATE OR REPLACE VIEW main.fct_visits AS
SELECT visit_id,
       patient_id,
       doctor_id,
       visit_date,
       CAST(date_trunc('month', visit_date) AS DATE) AS visit_month,
       diagnosis,
       total_cost,
       CASE
           WHEN total_cost > 500 THEN 'High'
           WHEN total_cost > 200 THEN 'Medium'
           ELSE 'Low'
       END AS cost_category
FROM main.visits;
