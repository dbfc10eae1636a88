COPY doctors (doctor_id, name, specialization, experience_years, contact_info) FROM STDIN
