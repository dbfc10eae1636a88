-- A new patient and, optionally, a monitoring device, in one transaction.
-- The device's serial number is derived from its database id ('N' + id: never
-- clashes with the hexadecimal serials of seeded devices).
WITH p AS (
    INSERT INTO patients (full_name, date_of_birth, gender, blood_type, contact_info, insurance_id)
    VALUES (%(full_name)s, %(date_of_birth)s, %(gender)s, %(blood_type)s, %(contact_info)s, %(insurance_id)s)
    RETURNING patient_id
), n AS (
    SELECT nextval(pg_get_serial_sequence('devices', 'device_id')) AS device_id
    WHERE %(device_type)s::text IS NOT NULL
), d AS (
    INSERT INTO devices (device_id, patient_id, device_type, serial_number, key_id)
    OVERRIDING SYSTEM VALUE
    SELECT n.device_id, p.patient_id, %(device_type)s,
           %(serial_prefix)s || '-N' || lpad(n.device_id::text, 9, '0'), %(key_id)s
    FROM p, n
    RETURNING device_id
)
SELECT (SELECT patient_id FROM p), (SELECT device_id FROM d), 1 + (SELECT count(*) FROM d)
