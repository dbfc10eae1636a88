INSERT INTO alerts_topic SELECT * FROM vitals_alerts_once
