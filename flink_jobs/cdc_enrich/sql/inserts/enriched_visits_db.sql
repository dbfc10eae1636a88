INSERT INTO enriched_visits_db SELECT * FROM enriched_visits
