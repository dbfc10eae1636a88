INSERT INTO vitals_latest_db SELECT * FROM vitals_latest
