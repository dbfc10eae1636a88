-- Records that fail parsing, decryption or a contract, and readings that arrive after the
-- watermark passed them (too late for the aggregates and rules): reason, text, position.
CREATE TEMPORARY VIEW vitals_dead_letters AS
SELECT
    COALESCE(error, 'late:measured_at') AS reason,
    `topic` AS source_topic,
    `partition` AS source_partition,
    `offset` AS source_offset,
    record_key,
    payload,
    CURRENT_TIMESTAMP AS failed_at
FROM vitals_timed
WHERE error IS NOT NULL
   OR (CURRENT_WATERMARK(rowtime) IS NOT NULL AND rowtime <= CURRENT_WATERMARK(rowtime))
