-- Serving copy of enriched.visits, upserted by the cdc_enrich job (one row per visit_id).
-- Contract: visit_id unique; version and deleted always set; age_band one of the four bands.
CREATE TABLE IF NOT EXISTS enriched_visits (
    visit_id       bigint PRIMARY KEY,
    patient_key    text,
    age_band       text CHECK (age_band IN ('0-17', '18-40', '41-65', '66+')),
    gender         text,
    doctor_id      bigint,
    doctor_name    text,
    specialization text,
    visit_date     date,
    diagnosis      text,
    total_cost     numeric(10, 2),
    version        numeric(38, 0) NOT NULL,
    deleted        boolean NOT NULL
);
