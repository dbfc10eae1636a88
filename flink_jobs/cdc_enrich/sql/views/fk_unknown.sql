-- Unresolved references whose parent has still not arrived fk_grace seconds later (processing
-- time). A fact with an unknown parent is still enriched if the parent turns up later; the dead
-- letter reports the broken contract. The window also reaches fk_grace back: a parent that
-- arrived after the reference passed fk_unresolved but before it reached this join resolves it.
CREATE TEMPORARY VIEW fk_unknown AS
SELECT u.reference, u.`topic`, u.`partition`, u.`offset`, u.record_key
FROM fk_unresolved AS u
LEFT JOIN fk_parents AS p
  ON u.parent = p.parent AND u.parent_id = p.parent_id
 AND p.proc_time BETWEEN u.proc_time - INTERVAL ${fk_grace} DAY TO SECOND AND u.proc_time + INTERVAL ${fk_grace} DAY TO SECOND
WHERE p.parent_id IS NULL
