-- References whose parent the job had not seen when they arrived (normally none: the source's
-- foreign keys commit the parent first). Only these wait for the grace period in fk_unknown:
-- an interval join keeps its waiting rows per key and rescans them on every expiry, which
-- for every visit of a busy doctor would cost more than the rest of the job.
CREATE TEMPORARY VIEW fk_unresolved AS
SELECT reference, parent, parent_id, `topic`, `partition`, `offset`, record_key, PROCTIME() AS proc_time
FROM (
    SELECT r.*
    FROM fk_references AS r
    LEFT JOIN fk_parents AS p
      ON r.parent = p.parent AND r.parent_id = p.parent_id
     AND p.proc_time BETWEEN r.proc_time - INTERVAL '10' YEAR AND r.proc_time
    WHERE p.parent_id IS NULL
)
