-- Apply one staging load to its target table (BigQuery; the same text runs on DuckDB in tests).
-- The newest version per key in staging wins over the target only if it is newer, so loading
-- the same files twice, or older files after newer ones, changes nothing.
-- Deletes stay as rows with _deleted = TRUE (read through the *_current view): dropping the
-- row would let an older version of the key, loaded later, bring it back.
-- The names in braces are identifiers from the table contracts (consumers/core/tables.py), quoted
-- for the dialect; no values are ever pasted in.
MERGE INTO {target} AS T
USING (
  SELECT {columns}
  FROM {staging}
  WHERE TRUE
  QUALIFY ROW_NUMBER() OVER (PARTITION BY {keys} ORDER BY {version} DESC) = 1
) AS S
ON {key_match}
WHEN MATCHED AND S.{version} > T.{version} THEN
  UPDATE SET {updates}
WHEN NOT MATCHED THEN
  INSERT ({columns}) VALUES ({source_columns})
