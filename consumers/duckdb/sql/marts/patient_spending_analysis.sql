-- One row per patient. Visits, bills and prescriptions are each aggregated per patient before
-- joining: a patient with 2 visits and 3 bills must count 2 visits and 3 bills, not 6 of each.
CREATE OR REPLACE VIEW main.patient_spending_analysis AS
WITH visit_totals AS (
    SELECT patient_id,
           count(*) AS total_visits,
           sum(total_cost) AS total_visit_cost,
           CAST(avg(total_cost) AS DECIMAL(12, 2)) AS avg_visit_cost,
           min(visit_date) AS first_visit_date,
           max(visit_date) AS last_visit_date
    FROM main.fct_visits
    GROUP BY patient_id
),
billing_totals AS (
    SELECT patient_id,
           count(*) AS total_bills,
           sum(total_amount) AS total_billed,
           coalesce(sum(total_amount) FILTER (WHERE payment_status = 'Paid'), 0) AS total_paid,
           coalesce(sum(total_amount) FILTER (WHERE payment_status IN ('Unpaid', 'Pending')), 0) AS total_outstanding
    FROM main.billing_payments
    GROUP BY patient_id
),
prescription_totals AS (
    SELECT patient_id,
           count(*) AS total_prescriptions
    FROM main.prescriptions
    GROUP BY patient_id
)
SELECT p.patient_id,
       p.age_group,
       p.gender,
       p.blood_type,
       coalesce(v.total_visits, 0) AS total_visits,
       CAST(coalesce(v.total_visit_cost, 0) AS DECIMAL(18, 2)) AS total_visit_cost,
       v.avg_visit_cost,
       v.first_visit_date,
       v.last_visit_date,
       coalesce(b.total_bills, 0) AS total_bills,
       CAST(coalesce(b.total_billed, 0) AS DECIMAL(18, 2)) AS total_billed,
       CAST(coalesce(b.total_paid, 0) AS DECIMAL(18, 2)) AS total_paid,
       CAST(coalesce(b.total_outstanding, 0) AS DECIMAL(18, 2)) AS total_outstanding,
       coalesce(r.total_prescriptions, 0) AS total_prescriptions
FROM main.dim_patients AS p
LEFT JOIN visit_totals AS v ON v.patient_id = p.patient_id
LEFT JOIN billing_totals AS b ON b.patient_id = p.patient_id
LEFT JOIN prescription_totals AS r ON r.patient_id = p.patient_id;
