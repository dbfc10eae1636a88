"""The measuring helpers produce faithful inputs (pure parts only)."""

from consumers.clickhouse.bench import TABLE_MIX, debezium_message, synthetic_changes
from consumers.core.changes import parse_change


def test_synthetic_changes_cover_the_mix_with_increasing_versions():
    changes = synthetic_changes(2000, seed=1)
    assert {c.table for c in changes} == set(TABLE_MIX)
    assert [c.version for c in changes] == sorted(c.version for c in changes)
    assert any(c.deleted for c in changes) and sum(not c.deleted for c in changes) > 1500


def test_bench_messages_parse_back_to_the_same_changes():
    for change in synthetic_changes(300, seed=2):
        parsed = parse_change(debezium_message(change))
        assert (parsed.table, parsed.key, parsed.version, parsed.deleted) == \
            (change.table, change.key, change.version, change.deleted)
        assert parsed.row == change.row
