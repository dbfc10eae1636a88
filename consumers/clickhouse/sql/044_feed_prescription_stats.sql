-- Materialized view: every block inserted into prescription_signs adds its signed counts.
CREATE MATERIALIZED VIEW IF NOT EXISTS feed_prescription_stats TO agg_prescription_stats AS
SELECT
    assumeNotNull(s.medicine_id) AS medicine_id,
    toInt64(sum(s.sign))         AS total_prescribed
FROM prescription_signs AS s
WHERE s.sign != 0 AND s.medicine_id IS NOT NULL
GROUP BY medicine_id
