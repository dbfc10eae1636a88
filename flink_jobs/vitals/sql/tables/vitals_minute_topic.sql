-- Topic vitals.minute: one JSON row per patient and minute (key: patient_id, window_start).
CREATE TABLE vitals_minute_topic (
    patient_id           BIGINT NOT NULL,
    window_start         TIMESTAMP(3) NOT NULL,
    window_end           TIMESTAMP(3) NOT NULL,
    readings             BIGINT NOT NULL,
    devices              BIGINT NOT NULL,
    heart_rate_avg       DOUBLE,
    heart_rate_min       INT,
    heart_rate_max       INT,
    systolic_avg         DOUBLE,
    systolic_min         INT,
    diastolic_avg        DOUBLE,
    temperature_c_avg    DOUBLE,
    temperature_c_max    DOUBLE,
    spo2_avg             DOUBLE,
    spo2_min             INT,
    respiratory_rate_avg DOUBLE,
    news2_max            INT,
    PRIMARY KEY (patient_id, window_start) NOT ENFORCED
) WITH (
  ${options}
)
