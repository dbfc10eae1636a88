-- Materialized view: every block inserted into visit_signs adds its signed counts.
CREATE MATERIALIZED VIEW IF NOT EXISTS feed_top_diagnosis TO agg_top_diagnosis AS
SELECT
    ifNull(s.diagnosis, '') AS diagnosis,
    toInt64(sum(s.sign))    AS diagnosis_count
FROM visit_signs AS s
WHERE s.sign != 0
GROUP BY diagnosis
