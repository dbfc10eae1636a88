-- enriched_prescriptions with typed columns (current, non-deleted rows); see v_enriched_visits.
CREATE VIEW IF NOT EXISTS v_enriched_prescriptions AS
SELECT
    prescription_id,
    JSONExtract(data, 'patient_key', 'Nullable(String)')                              AS patient_key,
    JSONExtract(data, 'doctor_id', 'Nullable(Int64)')                                 AS doctor_id,
    JSONExtract(data, 'medicine_id', 'Nullable(Int64)')                               AS medicine_id,
    JSONExtract(data, 'medicine_name', 'Nullable(String)')                            AS medicine_name,
    JSONExtract(data, 'medicine_category', 'Nullable(String)')                        AS medicine_category,
    toDecimal64OrNull(trim(BOTH '"' FROM JSONExtractRaw(data, 'unit_price')), 2)      AS unit_price,
    JSONExtract(data, 'dosage', 'Nullable(String)')                                   AS dosage,
    JSONExtract(data, 'duration', 'Nullable(String)')                                 AS duration,
    JSONExtract(data, 'daily_count', 'Nullable(Int32)')                               AS daily_count,
    JSONExtract(data, 'duration_days', 'Nullable(Int32)')                             AS duration_days,
    toDecimal64OrNull(trim(BOTH '"' FROM JSONExtractRaw(data, 'estimated_cost')), 2)  AS estimated_cost,
    _version,
    _source_ts
FROM enriched_prescriptions FINAL
