-- One row (id = 1), rewritten at every publish: when this snapshot was taken and how fresh
-- its newest change is. `SELECT now() - published_at FROM state.freshness` shows its age.
CREATE TABLE IF NOT EXISTS state.freshness (
    id              INTEGER PRIMARY KEY,
    published_at    TIMESTAMPTZ NOT NULL,
    last_source_ts  TIMESTAMPTZ,
    changes_applied BIGINT NOT NULL
);
