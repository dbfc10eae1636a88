-- Latest applied version per prescription and its current values (medicine_id); see visit_signs.sql.
SELECT
    prescription_id                            AS key,
    max(_version)                              AS version,
    maxIf(_version, sign = 1) = max(_version)  AS present,
    argMaxIf(tuple(medicine_id), _version, sign = 1) AS stored
FROM prescription_signs
WHERE prescription_id IN {keys:Array(Int64)}
GROUP BY prescription_id
