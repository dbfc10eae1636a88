-- One row per visit, in each patient's order of visits. Bills are summed per visit first, so
-- a visit billed in several instalments still appears once.
CREATE OR REPLACE VIEW main.patient_journey AS
WITH billing_per_visit AS (
    SELECT visit_id,
           count(*) AS bills,
           sum(total_amount) AS billed_amount,
           coalesce(sum(total_amount) FILTER (WHERE payment_status = 'Paid'), 0) AS paid_amount
    FROM main.billing_payments
    GROUP BY visit_id
)
SELECT v.visit_id,
       v.patient_id,
       p.age_group,
       p.gender,
       v.visit_date,
       row_number() OVER (PARTITION BY v.patient_id ORDER BY v.visit_date, v.visit_id) AS visit_number,
       v.visit_date - lag(v.visit_date) OVER (PARTITION BY v.patient_id ORDER BY v.visit_date, v.visit_id)
           AS days_since_previous_visit,
       v.doctor_id,
       d.specialization,
       d.experience_level,
       v.diagnosis,
       v.total_cost,
       v.cost_category,
       coalesce(b.bills, 0) AS bills,
       CAST(coalesce(b.billed_amount, 0) AS DECIMAL(18, 2)) AS billed_amount,
       CAST(coalesce(b.paid_amount, 0) AS DECIMAL(18, 2)) AS paid_amount
FROM main.fct_visits AS v
LEFT JOIN main.dim_patients AS p ON p.patient_id = v.patient_id
LEFT JOIN main.dim_doctors AS d ON d.doctor_id = v.doctor_id
LEFT JOIN billing_per_visit AS b ON b.visit_id = v.visit_id;
