-- hospital_analytics.enriched_billing (DDL in ../analytics/enriched_billing.sql): upserts on its primary key.
CREATE TABLE enriched_billing_db WITH (
  ${options}
) LIKE enriched_billing_topic (EXCLUDING OPTIONS)
