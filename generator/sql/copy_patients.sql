COPY patients (patient_id, full_name, date_of_birth, gender, blood_type, contact_info, insurance_id) FROM STDIN
