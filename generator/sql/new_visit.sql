-- A visit, its prescriptions and its bill as one statement (one round trip, one transaction).
-- Returns the new ids (prescriptions in the order given) and the number of rows written.
WITH v AS (
    INSERT INTO visits (patient_id, doctor_id, visit_date, diagnosis, total_cost)
    VALUES (%(patient_id)s, %(doctor_id)s, current_date, %(diagnosis)s, %(total_cost)s)
    RETURNING visit_id, patient_id
), p AS (
    INSERT INTO prescriptions (patient_id, doctor_id, medicine_id, dosage, duration)
    SELECT %(patient_id)s, %(doctor_id)s, t.medicine_id, t.dosage, t.duration
    -- one JSON parameter instead of three arrays: much cheaper to send from Python
    FROM jsonb_to_recordset(%(lines)s::jsonb) AS t (medicine_id bigint, dosage text, duration text)
    RETURNING prescription_id
), b AS (
    INSERT INTO billing_payments (patient_id, visit_id, billing_date, total_amount, payment_status)
    SELECT patient_id, visit_id, current_date, %(total_cost)s, %(payment_status)s FROM v
    RETURNING billing_id
)
SELECT (SELECT visit_id FROM v),
       (SELECT billing_id FROM b),
       -- identity values follow insertion order, so sorting restores the input order
       ARRAY(SELECT prescription_id FROM p ORDER BY prescription_id),
       2 + (SELECT count(*) FROM p)
