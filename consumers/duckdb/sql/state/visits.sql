CREATE TABLE IF NOT EXISTS state.visits (
    visit_id   BIGINT NOT NULL,
    patient_id BIGINT,
    doctor_id  BIGINT,
    visit_date DATE,
    diagnosis  VARCHAR,
    total_cost DECIMAL(10, 2),
    created_at TIMESTAMPTZ,
    updated_at TIMESTAMPTZ,
    _version   UHUGEINT NOT NULL,
    _deleted   BOOLEAN NOT NULL,
    _source_ts TIMESTAMPTZ
);
