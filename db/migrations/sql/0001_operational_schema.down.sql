DROP TABLE IF EXISTS devices, prescriptions, billing_payments, visits, medicines, patients, doctors;
DROP FUNCTION IF EXISTS set_updated_at();
