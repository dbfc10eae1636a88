-- Serving copy of enriched.billing (one row per billing_id).
-- Contract: payment_status one of Paid/Unpaid/Pending; paid = (payment_status = 'Paid').
CREATE TABLE IF NOT EXISTS enriched_billing (
    billing_id     bigint PRIMARY KEY,
    visit_id       bigint,
    patient_key    text,
    billing_date   date,
    visit_date     date,
    days_to_bill   integer,
    paid           boolean,
    total_amount   numeric(10, 2),
    payment_status text CHECK (payment_status IN ('Paid', 'Unpaid', 'Pending')),
    version        numeric(38, 0) NOT NULL,
    deleted        boolean NOT NULL
);
