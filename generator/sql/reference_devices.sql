SELECT device_id, patient_id, key_id FROM devices WHERE active ORDER BY device_id LIMIT %(limit)s
