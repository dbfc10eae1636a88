-- Change capture for Debezium (pgoutput).
-- REPLICA IDENTITY FULL: updates and deletes carry the complete before-image, so
-- sinks can retract old values (materialized totals) and unchanged TOASTed
-- columns are always present instead of Debezium's placeholder.
ALTER TABLE doctors REPLICA IDENTITY FULL;
ALTER TABLE patients REPLICA IDENTITY FULL;
ALTER TABLE medicines REPLICA IDENTITY FULL;
ALTER TABLE visits REPLICA IDENTITY FULL;
ALTER TABLE billing_payments REPLICA IDENTITY FULL;
ALTER TABLE prescriptions REPLICA IDENTITY FULL;
ALTER TABLE devices REPLICA IDENTITY FULL;

-- Written by Debezium's heartbeat.action.query so the slot advances (and retained
-- WAL stays bounded) while the operational tables are idle.
CREATE TABLE debezium_heartbeat (
    id      integer PRIMARY KEY,
    beat_at timestamptz NOT NULL
);

-- Publication limited to the operational tables (plus the heartbeat).
CREATE PUBLICATION hospital_cdc FOR TABLE
    doctors, patients, medicines, visits, billing_payments, prescriptions, devices, debezium_heartbeat;
