-- hospital_analytics.vitals_minute (DDL in ../analytics/vitals_minute.sql).
CREATE TABLE vitals_minute_db WITH (
  ${options}
) LIKE vitals_minute_topic (EXCLUDING OPTIONS)
