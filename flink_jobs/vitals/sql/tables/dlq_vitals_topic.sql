-- Topic dlq.vitals: readings that failed parsing, decryption or a contract, or came late.
CREATE TABLE dlq_vitals_topic (
    reason           STRING NOT NULL,
    source_topic     STRING,
    source_partition INT,
    source_offset    BIGINT,
    record_key       STRING,
    payload          STRING,
    failed_at        TIMESTAMP_LTZ(3)
) WITH (
  ${options}
)
