-- Topic vitals.raw as raw records (clear JSON or encrypted envelopes; key = device id).
CREATE TABLE vitals_raw (
    msg_key     BYTES,
    `value`     STRING,
    `topic`     STRING METADATA VIRTUAL,
    `partition` INT METADATA VIRTUAL,
    `offset`    BIGINT METADATA VIRTUAL,
    kafka_ts    TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL
) WITH (
  ${options}
)
