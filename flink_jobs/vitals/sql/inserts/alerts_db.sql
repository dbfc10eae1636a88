INSERT INTO alerts_db SELECT * FROM vitals_alerts_once
