-- One row per doctor_id: the highest version seen; _deleted rows are markers that stop replays resurrecting them.
CREATE TABLE IF NOT EXISTS state.doctors (
    doctor_id        BIGINT NOT NULL,
    name             VARCHAR,
    specialization   VARCHAR,
    experience_years INTEGER,
    contact_info     VARCHAR,
    created_at       TIMESTAMPTZ,
    updated_at       TIMESTAMPTZ,
    _version         UHUGEINT NOT NULL,
    _deleted         BOOLEAN NOT NULL,
    _source_ts       TIMESTAMPTZ
);
