-- Topic enriched.visits: one JSON row per visit_id (the key), replaced by later versions.
CREATE TABLE enriched_visits_topic (
    visit_id       BIGINT NOT NULL,
    patient_key    STRING,
    age_band       STRING,
    gender         STRING,
    doctor_id      BIGINT,
    doctor_name    STRING,
    specialization STRING,
    visit_date     DATE,
    diagnosis      STRING,
    total_cost     DECIMAL(10, 2),
    version        DECIMAL(38, 0) NOT NULL,
    deleted        BOOLEAN NOT NULL,
    PRIMARY KEY (visit_id) NOT ENFORCED
) WITH (
  ${options}
)
