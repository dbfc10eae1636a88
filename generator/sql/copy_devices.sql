COPY devices (device_id, patient_id, device_type, serial_number, key_id) FROM STDIN
