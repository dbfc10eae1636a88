-- Patients with the reference age_group (< 18 Child, 18-40 Adult, 41-65 Middle-aged, else Senior).
-- The warehouse never sees a date of birth: the bands were cut at the same ages before loading,
-- so each band maps to exactly one group. Identifiers stay pseudonymised; no name column here.
CREATE OR REPLACE VIEW main.dim_patients AS
SELECT patient_id,
       age_band,
       CASE age_band
           WHEN '0-17' THEN 'Child'
           WHEN '18-40' THEN 'Adult'
           WHEN '41-65' THEN 'Middle-aged'
           WHEN '66+' THEN 'Senior'
       END AS age_group,
       gender,
       blood_type
FROM main.patients;
