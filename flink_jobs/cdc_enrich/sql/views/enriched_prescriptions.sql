-- Prescriptions with the medicine's name, category and price, and an estimated cost
-- = price x doses per day x days. Enriched when the medicine arrives, never dropped.
CREATE TEMPORARY VIEW enriched_prescriptions AS
SELECT
    pr.prescription_id,
    pr.patient_key,
    pr.doctor_id,
    pr.medicine_id,
    m.name AS medicine_name,
    m.category AS medicine_category,
    m.price AS unit_price,
    pr.dosage,
    pr.duration,
    pr.daily_count,
    pr.duration_days,
    CAST(m.price * pr.daily_count * pr.duration_days AS DECIMAL(12, 2)) AS estimated_cost,
    GREATEST(pr.version, COALESCE(m.version, pr.version)) AS version,
    pr.deleted
FROM prescriptions_latest AS pr
LEFT JOIN medicines_latest AS m ON pr.medicine_id = m.medicine_id
