-- hospital_analytics.enriched_prescriptions (DDL in ../analytics/enriched_prescriptions.sql): upserts on its primary key.
CREATE TABLE enriched_prescriptions_db WITH (
  ${options}
) LIKE enriched_prescriptions_topic (EXCLUDING OPTIONS)
