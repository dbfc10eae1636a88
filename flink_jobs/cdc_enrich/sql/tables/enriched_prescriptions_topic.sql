-- Topic enriched.prescriptions: one JSON row per prescription_id (the key).
CREATE TABLE enriched_prescriptions_topic (
    prescription_id   BIGINT NOT NULL,
    patient_key       STRING,
    doctor_id         BIGINT,
    medicine_id       BIGINT,
    medicine_name     STRING,
    medicine_category STRING,
    unit_price        DECIMAL(10, 2),
    dosage            STRING,
    duration          STRING,
    daily_count       INT,
    duration_days     INT,
    estimated_cost    DECIMAL(12, 2),
    version           DECIMAL(38, 0) NOT NULL,
    deleted           BOOLEAN NOT NULL,
    PRIMARY KEY (prescription_id) NOT ENFORCED
) WITH (
  ${options}
)
