-- Keys of {object} that are NULL or appear more than once; {keys} are column names from contracts.json.
SELECT count(*) AS violations
FROM (
    SELECT {keys}
    FROM main.{object}
    GROUP BY ALL
    HAVING count(*) > 1 OR ({any_key_null})
);
