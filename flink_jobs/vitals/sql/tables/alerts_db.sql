-- hospital_analytics.vitals_alerts (DDL in ../analytics/vitals_alerts.sql): upserts on alert_id.
CREATE TABLE alerts_db (
    PRIMARY KEY (alert_id) NOT ENFORCED
) WITH (
  ${options}
) LIKE alerts_topic (EXCLUDING OPTIONS)
