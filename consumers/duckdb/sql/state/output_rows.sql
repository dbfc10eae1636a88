-- Rows of the Flink output topics (enriched facts, vitals aggregates, alerts), one table per topic.
-- The row is kept whole as JSON so a field the jobs add later is never lost; typed views
-- (main.<name>) are derived from the fields seen so far (see state.output_fields).
-- {table} is a name from consumers.core.outputs.FLINK_OUTPUTS, never user input.
CREATE TABLE IF NOT EXISTS state.{table} (
    _key       VARCHAR NOT NULL,
    row        JSON,
    _version   UHUGEINT NOT NULL,
    _deleted   BOOLEAN NOT NULL,
    _loaded_at TIMESTAMPTZ
);
