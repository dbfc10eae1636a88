-- Take ids from a table's identity sequence before COPY, so seeded rows get
-- database-assigned ids and children can reference them in the same load.
-- Safe alongside concurrent writers: nextval never hands out a value twice.
SELECT nextval(pg_get_serial_sequence(%(table)s, %(column)s))
FROM generate_series(1, %(count)s)
