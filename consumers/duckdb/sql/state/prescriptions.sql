CREATE TABLE IF NOT EXISTS state.prescriptions (
    prescription_id BIGINT NOT NULL,
    patient_id      BIGINT,
    doctor_id       BIGINT,
    medicine_id     BIGINT,
    dosage          VARCHAR,
    duration        VARCHAR,
    created_at      TIMESTAMPTZ,
    updated_at      TIMESTAMPTZ,
    _version        UHUGEINT NOT NULL,
    _deleted        BOOLEAN NOT NULL,
    _source_ts      TIMESTAMPTZ
);
