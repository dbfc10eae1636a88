-- enriched_billing with typed columns (current, non-deleted rows); see v_enriched_visits.
CREATE VIEW IF NOT EXISTS v_enriched_billing AS
SELECT
    billing_id,
    JSONExtract(data, 'visit_id', 'Nullable(Int64)')                                AS visit_id,
    JSONExtract(data, 'patient_key', 'Nullable(String)')                            AS patient_key,
    toDateOrNull(JSONExtractString(data, 'billing_date'))                           AS billing_date,
    toDateOrNull(JSONExtractString(data, 'visit_date'))                             AS visit_date,
    JSONExtract(data, 'days_to_bill', 'Nullable(Int32)')                            AS days_to_bill,
    JSONExtract(data, 'paid', 'Nullable(Bool)')                                     AS paid,
    toDecimal64OrNull(trim(BOTH '"' FROM JSONExtractRaw(data, 'total_amount')), 2)  AS total_amount,
    JSONExtract(data, 'payment_status', 'Nullable(String)')                         AS payment_status,
    _version,
    _source_ts
FROM enriched_billing FINAL
