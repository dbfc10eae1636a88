-- Doctors with the reference experience_level: < 5 years Junior, 5-15 Experienced, else Senior.
CREATE OR REPLACE VIEW main.dim_doctors AS
SELECT doctor_id,
       name AS doctor_name,
       specialization,
       experience_years,
       CASE
           WHEN experience_years < 5 THEN 'Junior'
           WHEN experience_years <= 15 THEN 'Experienced'
           ELSE 'Senior'
       END AS experience_level
FROM main.doctors;
