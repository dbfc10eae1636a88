INSERT INTO vitals_minute_topic SELECT * FROM vitals_minute
