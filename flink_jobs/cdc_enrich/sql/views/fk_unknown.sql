-- References whose parent the job has not seen by fk_grace_seconds after the reference arrived
-- (processing time: a parent arriving late, but within the grace period, is fine). Parents
-- seen up to ten years earlier count. A fact with an unknown parent is still enriched when
-- the parent arrives; the dead letter reports the broken contract.
CREATE TEMPORARY VIEW fk_unknown AS
SELECT r.reference, r.`topic`, r.`partition`, r.`offset`, r.record_key
FROM fk_references AS r
LEFT JOIN fk_parents AS p
  ON r.parent = p.parent AND r.parent_id = p.parent_id
 AND p.proc_time BETWEEN r.proc_time - INTERVAL '10' YEAR AND r.proc_time + INTERVAL ${fk_grace} DAY TO SECOND
WHERE p.parent_id IS NULL
