-- hospital_analytics.vitals_latest: the latest reading per patient (upsert on patient_id).
CREATE TABLE vitals_latest_db (
    patient_id       BIGINT NOT NULL,
    device_id        BIGINT,
    measured_at      BIGINT,
    measured_at_utc  TIMESTAMP(3),
    heart_rate       INT,
    systolic         INT,
    diastolic        INT,
    temperature_c    DOUBLE,
    spo2             INT,
    respiratory_rate INT,
    news2            INT,
    encrypted        BOOLEAN,
    PRIMARY KEY (patient_id) NOT ENFORCED
) WITH (
  ${options}
)
