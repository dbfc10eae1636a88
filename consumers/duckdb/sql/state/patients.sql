-- Patients arrive pseudonymised: full_name, contact_info and insurance_id are keyed hashes,
-- date_of_birth is replaced by age_band ('0-17', '18-40', '41-65', '66+').
CREATE TABLE IF NOT EXISTS state.patients (
    patient_id   BIGINT NOT NULL,
    full_name    VARCHAR,
    age_band     VARCHAR,
    gender       VARCHAR,
    blood_type   VARCHAR,
    contact_info VARCHAR,
    insurance_id VARCHAR,
    created_at   TIMESTAMPTZ,
    updated_at   TIMESTAMPTZ,
    _version     UHUGEINT NOT NULL,
    _deleted     BOOLEAN NOT NULL,
    _source_ts   TIMESTAMPTZ
);
