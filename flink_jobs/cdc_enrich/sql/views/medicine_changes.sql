-- Valid medicines changes.
CREATE TEMPORARY VIEW medicine_changes AS
SELECT medicine_id, name, category, price, version, deleted
FROM cdc_changes
WHERE table_name = 'medicines' AND error IS NULL
