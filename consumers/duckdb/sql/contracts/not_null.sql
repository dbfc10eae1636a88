-- Rows of {object} where {column} is NULL.
SELECT count(*) AS violations
FROM main.{object}
WHERE {column} IS NULL;
