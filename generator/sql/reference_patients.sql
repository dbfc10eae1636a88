-- The most recent patients: a bounded pool for the stream to pick from.
SELECT patient_id FROM patients ORDER BY patient_id DESC LIMIT %(limit)s
