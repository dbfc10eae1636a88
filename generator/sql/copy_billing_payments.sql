COPY billing_payments (billing_id, patient_id, visit_id, billing_date, total_amount, payment_status) FROM STDIN
