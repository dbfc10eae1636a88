-- Visits with the patient's pseudonymous key, age band (age on the visit date, so a replay
-- gives the same answer), gender and the doctor. Regular LEFT JOINs: a visit whose patient or
-- doctor has not arrived yet is emitted without them and enriched when they arrive.
-- version = the highest version among the joined rows.
CREATE TEMPORARY VIEW enriched_visits AS
SELECT
    visit_id,
    patient_key,
    CASE
        WHEN age IS NULL THEN CAST(NULL AS STRING)
        WHEN age < 18 THEN '0-17'
        WHEN age < 41 THEN '18-40'
        WHEN age < 66 THEN '41-65'
        ELSE '66+'
    END AS age_band,
    gender,
    doctor_id,
    doctor_name,
    specialization,
    visit_date,
    diagnosis,
    total_cost,
    version,
    deleted
FROM (
    SELECT
        v.visit_id,
        v.patient_key,
        YEAR(v.visit_date) - YEAR(p.date_of_birth)
            - CASE
                WHEN MONTH(v.visit_date) < MONTH(p.date_of_birth)
                  OR (MONTH(v.visit_date) = MONTH(p.date_of_birth)
                      AND DAYOFMONTH(v.visit_date) < DAYOFMONTH(p.date_of_birth)) THEN 1
                ELSE 0
              END AS age,
        p.gender,
        v.doctor_id,
        d.name AS doctor_name,
        d.specialization,
        v.visit_date,
        v.diagnosis,
        v.total_cost,
        GREATEST(v.version, COALESCE(p.version, v.version), COALESCE(d.version, v.version)) AS version,
        v.deleted
    FROM visits_latest AS v
    LEFT JOIN patients_latest AS p ON v.patient_id = p.patient_id
    LEFT JOIN doctors_latest AS d ON v.doctor_id = d.doctor_id
)
