-- Topic enriched.billing: one JSON row per billing_id (the key).
CREATE TABLE enriched_billing_topic (
    billing_id     BIGINT NOT NULL,
    visit_id       BIGINT,
    patient_key    STRING,
    billing_date   DATE,
    visit_date     DATE,
    days_to_bill   INT,
    paid           BOOLEAN,
    total_amount   DECIMAL(10, 2),
    payment_status STRING,
    version        DECIMAL(38, 0) NOT NULL,
    deleted        BOOLEAN NOT NULL,
    PRIMARY KEY (billing_id) NOT ENFORCED
) WITH (
  ${options}
)
