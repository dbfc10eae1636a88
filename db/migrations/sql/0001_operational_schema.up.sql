-- Operational schema of the hospital (design §2). IDs come from identity columns.
CREATE OR REPLACE FUNCTION set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END $$;

CREATE TABLE doctors (
    doctor_id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name             text NOT NULL,
    specialization   text NOT NULL,
    experience_years integer NOT NULL CHECK (experience_years BETWEEN 0 AND 70),
    contact_info     text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE patients (
    patient_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    full_name     text NOT NULL,
    date_of_birth date NOT NULL CHECK (date_of_birth > DATE '1900-01-01'),
    gender        text NOT NULL CHECK (gender IN ('Male', 'Female', 'Other')),
    blood_type    text NOT NULL CHECK (blood_type IN ('A+', 'A-', 'B+', 'B-', 'AB+', 'AB-', 'O+', 'O-')),
    contact_info  text,
    insurance_id  text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE medicines (
    medicine_id  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         text NOT NULL,
    category     text NOT NULL,
    manufacturer text NOT NULL,
    price        numeric(10, 2) NOT NULL CHECK (price >= 0),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE visits (
    visit_id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    patient_id bigint NOT NULL REFERENCES patients (patient_id) ON DELETE CASCADE,
    doctor_id  bigint NOT NULL REFERENCES doctors (doctor_id),
    visit_date date NOT NULL,
    diagnosis  text NOT NULL,
    total_cost numeric(10, 2) NOT NULL CHECK (total_cost >= 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE billing_payments (
    billing_id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    patient_id     bigint NOT NULL REFERENCES patients (patient_id) ON DELETE CASCADE,
    visit_id       bigint NOT NULL REFERENCES visits (visit_id) ON DELETE CASCADE,
    billing_date   date NOT NULL,
    total_amount   numeric(10, 2) NOT NULL CHECK (total_amount >= 0),
    payment_status text NOT NULL CHECK (payment_status IN ('Paid', 'Unpaid', 'Pending')),
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);

-- dosage is '<amount> <unit> <n>x daily', duration is '<n> days': both parseable
-- so the enrichment can estimate a prescription's cost.
CREATE TABLE prescriptions (
    prescription_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    patient_id      bigint NOT NULL REFERENCES patients (patient_id) ON DELETE CASCADE,
    doctor_id       bigint NOT NULL REFERENCES doctors (doctor_id),
    medicine_id     bigint NOT NULL REFERENCES medicines (medicine_id),
    dosage          text NOT NULL CHECK (dosage ~ '^[0-9]+(\.[0-9]+)? [a-z]+ [0-9]+x daily$'),
    duration        text NOT NULL CHECK (duration ~ '^[0-9]+ days?$'),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE devices (
    device_id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    patient_id    bigint NOT NULL REFERENCES patients (patient_id) ON DELETE CASCADE,
    device_type   text NOT NULL CHECK (device_type IN ('multi_parameter_monitor', 'pulse_oximeter', 'bp_cuff', 'wearable_patch')),
    serial_number text NOT NULL UNIQUE,
    key_id        text,
    active        boolean NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX idx_doctors_specialization ON doctors (specialization);
CREATE INDEX idx_manufacturer ON medicines (manufacturer);
CREATE INDEX idx_visits_diagnosis ON visits (diagnosis);
CREATE INDEX idx_visits_patient_id ON visits (patient_id);
CREATE INDEX idx_visits_doctor_id ON visits (doctor_id);
CREATE INDEX idx_billing_payments_payment_status ON billing_payments (payment_status);
CREATE INDEX idx_billing_payments_visit_id ON billing_payments (visit_id);
CREATE INDEX idx_billing_payments_patient_id ON billing_payments (patient_id);
CREATE INDEX idx_prescriptions_duration ON prescriptions (duration);
CREATE INDEX idx_prescriptions_patient_id ON prescriptions (patient_id);
CREATE INDEX idx_prescriptions_medicine_id ON prescriptions (medicine_id);
CREATE INDEX idx_devices_patient_id ON devices (patient_id);

CREATE TRIGGER doctors_updated_at BEFORE UPDATE ON doctors FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER patients_updated_at BEFORE UPDATE ON patients FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER medicines_updated_at BEFORE UPDATE ON medicines FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER visits_updated_at BEFORE UPDATE ON visits FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER billing_payments_updated_at BEFORE UPDATE ON billing_payments FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER prescriptions_updated_at BEFORE UPDATE ON prescriptions FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER devices_updated_at BEFORE UPDATE ON devices FOR EACH ROW EXECUTE FUNCTION set_updated_at();
