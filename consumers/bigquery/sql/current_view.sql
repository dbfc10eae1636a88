-- Current rows of a target table: what the source holds now (tombstones filtered out).
CREATE OR REPLACE VIEW {view} AS
SELECT {columns}
FROM {target}
WHERE NOT {deleted}
