INSERT INTO enriched_prescriptions_topic SELECT * FROM enriched_prescriptions
