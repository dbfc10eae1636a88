-- Rows of {object} whose {column} is not one of the accepted values ($accepted, a list parameter).
SELECT count(*) AS violations
FROM main.{object}
WHERE {column} IS NOT NULL
  AND NOT list_contains($accepted, {column});
