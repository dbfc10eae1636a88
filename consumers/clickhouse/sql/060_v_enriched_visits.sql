-- enriched_visits with typed columns (current, non-deleted rows). Fields follow the Flink job's
-- topic table (flink_jobs/cdc_enrich); a field the job does not write reads as NULL, so a
-- change there never stops ingestion. Decimals are read from their exact text.
CREATE VIEW IF NOT EXISTS v_enriched_visits AS
SELECT
    visit_id,
    JSONExtract(data, 'patient_key', 'Nullable(String)')                          AS patient_key,
    JSONExtract(data, 'age_band', 'Nullable(String)')                             AS age_band,
    JSONExtract(data, 'gender', 'Nullable(String)')                               AS gender,
    JSONExtract(data, 'doctor_id', 'Nullable(Int64)')                             AS doctor_id,
    JSONExtract(data, 'doctor_name', 'Nullable(String)')                          AS doctor_name,
    JSONExtract(data, 'specialization', 'Nullable(String)')                       AS specialization,
    toDateOrNull(JSONExtractString(data, 'visit_date'))                           AS visit_date,
    JSONExtract(data, 'diagnosis', 'Nullable(String)')                            AS diagnosis,
    toDecimal64OrNull(trim(BOTH '"' FROM JSONExtractRaw(data, 'total_cost')), 2)  AS total_cost,
    _version,
    _source_ts
FROM enriched_visits FINAL
