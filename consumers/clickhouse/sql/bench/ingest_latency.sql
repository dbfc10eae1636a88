-- Source commit -> row inserted in ClickHouse, per table, for rows committed in the last
-- {minutes:UInt32} minutes: Debezium's source ts_ms is the commit time, _ingested_at the insert.
-- Read with final = 0: every stored version counts, not only the current one.
SELECT
    table,
    count()                                          AS rows,
    quantile(0.5)(latency_ms)                        AS p50_ms,
    quantile(0.95)(latency_ms)                       AS p95_ms,
    max(latency_ms)                                  AS max_ms
FROM
(
    SELECT 'visits' AS table, dateDiff('millisecond', _source_ts, _ingested_at) AS latency_ms
    FROM visits WHERE _source_ts > now() - toIntervalMinute({minutes:UInt32})
    UNION ALL
    SELECT 'prescriptions', dateDiff('millisecond', _source_ts, _ingested_at)
    FROM prescriptions WHERE _source_ts > now() - toIntervalMinute({minutes:UInt32})
    UNION ALL
    SELECT 'billing_payments', dateDiff('millisecond', _source_ts, _ingested_at)
    FROM billing_payments WHERE _source_ts > now() - toIntervalMinute({minutes:UInt32})
    UNION ALL
    SELECT 'patients', dateDiff('millisecond', _source_ts, _ingested_at)
    FROM patients WHERE _source_ts > now() - toIntervalMinute({minutes:UInt32})
)
GROUP BY table
ORDER BY table
SETTINGS final = 0
