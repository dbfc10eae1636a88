-- What users query: the live rows of state.{table}, without delete markers.
-- {table} is a fixed name from consumers/core/tables.py.
CREATE OR REPLACE VIEW main.{table} AS
SELECT * EXCLUDE (_deleted)
FROM state.{table}
WHERE NOT _deleted;
