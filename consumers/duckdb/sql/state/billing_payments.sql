CREATE TABLE IF NOT EXISTS state.billing_payments (
    billing_id     BIGINT NOT NULL,
    patient_id     BIGINT,
    visit_id       BIGINT,
    billing_date   DATE,
    total_amount   DECIMAL(10, 2),
    payment_status VARCHAR,
    created_at     TIMESTAMPTZ,
    updated_at     TIMESTAMPTZ,
    _version       UHUGEINT NOT NULL,
    _deleted       BOOLEAN NOT NULL,
    _source_ts     TIMESTAMPTZ
);
