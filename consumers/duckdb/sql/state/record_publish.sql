-- Rewrite the freshness row just before the snapshot is checkpointed and copied.
INSERT OR REPLACE INTO state.freshness VALUES (1, now(), $last_source_ts, $changes_applied);
