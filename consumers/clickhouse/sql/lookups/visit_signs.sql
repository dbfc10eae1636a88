-- Latest applied version per visit and, if the visit is present at that version, the values
-- its +1 row carries (in the feed's column order: diagnosis, doctor_id, visit_date, total_cost).
-- A tuple, because argMax over a Nullable column would skip NULL values.
SELECT
    visit_id                                   AS key,
    max(_version)                              AS version,
    maxIf(_version, sign = 1) = max(_version)  AS present,
    argMaxIf(tuple(diagnosis, doctor_id, visit_date, total_cost), _version, sign = 1) AS stored
FROM visit_signs
WHERE visit_id IN {keys:Array(Int64)}
GROUP BY visit_id
