-- Topic dlq.cdc: changes that failed parsing or a contract. Append-only JSON.
CREATE TABLE dlq_cdc_topic (
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
