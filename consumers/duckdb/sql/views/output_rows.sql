-- Typed view over a Flink output table's JSON rows. The column list is built by
-- consumers/duckdb/output_fields.py from checked field names and a fixed set of types
-- (one TRY_CAST per field); the table name comes from consumers/core/outputs.py.
CREATE OR REPLACE VIEW main.{table} AS
SELECT {columns},
       _version,
       _loaded_at
FROM state.{table}
WHERE NOT _deleted;
