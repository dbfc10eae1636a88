INSERT INTO enriched_prescriptions_db SELECT * FROM enriched_prescriptions
