-- hospital_analytics.enriched_visits (DDL in ../analytics/enriched_visits.sql): upserts on its primary key.
CREATE TABLE enriched_visits_db WITH (
  ${options}
) LIKE enriched_visits_topic (EXCLUDING OPTIONS)
