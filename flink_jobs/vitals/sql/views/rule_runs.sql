-- Runs of consecutive readings meeting a rule, per patient: `run` counts the readings so far
-- that did not meet it, so every reading of one unbroken run shares the same number.
CREATE TEMPORARY VIEW rule_runs AS
SELECT
    *,
    SUM(CASE WHEN met THEN 0 ELSE 1 END) OVER (
        PARTITION BY patient_id, rule_id ORDER BY rowtime
        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS run
FROM rule_evaluations
