INSERT INTO vitals_minute_db SELECT * FROM vitals_minute
