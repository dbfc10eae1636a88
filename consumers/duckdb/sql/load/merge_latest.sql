-- Apply one batch (registered as `incoming`) to state.{table}: the highest version per key wins,
-- and a delete is kept as a marker with its version, so an older insert replayed later cannot
-- resurrect the row. `incoming` holds at most one row per key (the loop keeps the latest).
-- The version travels as two unsigned 64-bit halves because Arrow has no 128-bit integer.
-- {table} and {key} are fixed names from consumers/core (tables.py, outputs.py), never data.
MERGE INTO state.{table} AS target
USING (
    SELECT * EXCLUDE (version_hi, version_lo),
           (version_hi::UHUGEINT << 64) | version_lo::UHUGEINT AS _version
    FROM incoming
) AS source
ON target.{key} = source.{key}
WHEN MATCHED AND source._version > target._version THEN UPDATE BY NAME
WHEN NOT MATCHED THEN INSERT BY NAME;
