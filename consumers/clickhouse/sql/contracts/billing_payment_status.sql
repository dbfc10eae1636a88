-- billing_payments: payment_status is Paid, Unpaid or Pending
SELECT count()
FROM billing_payments FINAL
WHERE payment_status NOT IN ('Paid', 'Unpaid', 'Pending')
