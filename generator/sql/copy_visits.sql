COPY visits (visit_id, patient_id, doctor_id, visit_date, diagnosis, total_cost) FROM STDIN
