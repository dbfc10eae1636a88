-- Every Debezium topic the job reads, as raw records: parsing and contracts happen in SQL
-- (views/cdc_events.sql), so a malformed record reaches the dead letters with its bytes.
CREATE TABLE cdc_raw (
    msg_key     BYTES,
    `value`     STRING,
    `topic`     STRING METADATA VIRTUAL,
    `partition` INT METADATA VIRTUAL,
    `offset`    BIGINT METADATA VIRTUAL
) WITH (
  ${options}
)
