-- patients: age_band and gender take the accepted values only
SELECT count()
FROM patients FINAL
WHERE age_band NOT IN ('0-17', '18-40', '41-65', '66+')
   OR gender NOT IN ('Male', 'Female', 'Other')
