-- Serving copy of enriched.prescriptions (one row per prescription_id).
CREATE TABLE IF NOT EXISTS enriched_prescriptions (
    prescription_id   bigint PRIMARY KEY,
    patient_key       text,
    doctor_id         bigint,
    medicine_id       bigint,
    medicine_name     text,
    medicine_category text,
    unit_price        numeric(10, 2),
    dosage            text,
    duration          text,
    daily_count       integer,
    duration_days     integer,
    estimated_cost    numeric(12, 2),
    version           numeric(38, 0) NOT NULL,
    deleted           boolean NOT NULL
);
