-- Records that fail parsing or a contract, and facts whose parent stays unknown past the grace
-- period: the reason, the record's text and where it was read.
CREATE TEMPORARY VIEW cdc_dead_letters AS
SELECT
    error AS reason,
    `topic` AS source_topic,
    `partition` AS source_partition,
    `offset` AS source_offset,
    record_key,
    payload,
    CURRENT_TIMESTAMP AS failed_at
FROM cdc_changes
WHERE error IS NOT NULL
UNION ALL
SELECT
    CONCAT('unknown_fk:', reference),
    `topic`,
    `partition`,
    `offset`,
    record_key,
    CAST(NULL AS STRING),  -- a valid record: its position identifies it
    CURRENT_TIMESTAMP
FROM fk_unknown
