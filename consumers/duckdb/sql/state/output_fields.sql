-- Fields seen per Flink output table and the type their view casts them to.
CREATE TABLE IF NOT EXISTS state.output_fields (
    output     VARCHAR NOT NULL,
    field      VARCHAR NOT NULL,
    field_type VARCHAR NOT NULL,
    position   INTEGER NOT NULL
);
