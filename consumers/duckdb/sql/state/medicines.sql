CREATE TABLE IF NOT EXISTS state.medicines (
    medicine_id  BIGINT NOT NULL,
    name         VARCHAR,
    category     VARCHAR,
    manufacturer VARCHAR,
    price        DECIMAL(10, 2),
    created_at   TIMESTAMPTZ,
    updated_at   TIMESTAMPTZ,
    _version     UHUGEINT NOT NULL,
    _deleted     BOOLEAN NOT NULL,
    _source_ts   TIMESTAMPTZ
);
