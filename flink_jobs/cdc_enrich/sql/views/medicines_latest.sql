-- Medicines dimension.
-- Latest change per key (highest version); a delete stays as a row with deleted = TRUE.
CREATE TEMPORARY VIEW medicines_latest AS
SELECT medicine_id, name, category, price, version, deleted
FROM (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY medicine_id ORDER BY version DESC) AS rn
    FROM (SELECT medicine_id, name, category, price, version, deleted FROM medicine_changes)
)
WHERE rn = 1
