-- The latest reading of each patient (serving store for ward apps), upserted by the vitals job.
CREATE TABLE IF NOT EXISTS vitals_latest (
    patient_id       bigint PRIMARY KEY,
    device_id        bigint,
    measured_at      bigint NOT NULL,
    measured_at_utc  timestamptz,
    heart_rate       integer,
    systolic         integer,
    diastolic        integer,
    temperature_c    double precision,
    spo2             integer,
    respiratory_rate integer,
    news2            integer,
    encrypted        boolean
);
