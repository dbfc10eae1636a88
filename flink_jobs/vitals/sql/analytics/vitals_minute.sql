-- Serving copy of vitals.minute, upserted by the vitals job: one row per patient and minute.
-- Timestamps are UTC.
CREATE TABLE IF NOT EXISTS vitals_minute (
    patient_id           bigint NOT NULL,
    window_start         timestamptz NOT NULL,
    window_end           timestamptz NOT NULL,
    readings             bigint NOT NULL CHECK (readings > 0),
    devices              bigint NOT NULL,
    heart_rate_avg       double precision,
    heart_rate_min       integer,
    heart_rate_max       integer,
    systolic_avg         double precision,
    systolic_min         integer,
    diastolic_avg        double precision,
    temperature_c_avg    double precision,
    temperature_c_max    double precision,
    spo2_avg             double precision,
    spo2_min             integer,
    respiratory_rate_avg double precision,
    news2_max            integer,
    PRIMARY KEY (patient_id, window_start)
);
