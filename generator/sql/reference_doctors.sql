SELECT doctor_id, specialization FROM doctors ORDER BY doctor_id
