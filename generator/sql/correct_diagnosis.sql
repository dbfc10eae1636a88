WITH v AS (
    UPDATE visits SET diagnosis = %(diagnosis)s WHERE visit_id = %(visit_id)s RETURNING 1
)
SELECT count(*) FROM v
