COPY prescriptions (prescription_id, patient_id, doctor_id, medicine_id, dosage, duration) FROM STDIN
