-- Least privilege for the Debezium role ({role} is quoted by the caller):
-- read the captured tables for the initial snapshot, write only the heartbeat.
-- The publication is created by the migrations, so the role needs no ownership.
GRANT USAGE ON SCHEMA public TO {role};
GRANT SELECT ON doctors, patients, medicines, visits, billing_payments, prescriptions, devices, debezium_heartbeat TO {role};
GRANT INSERT, UPDATE ON debezium_heartbeat TO {role};
