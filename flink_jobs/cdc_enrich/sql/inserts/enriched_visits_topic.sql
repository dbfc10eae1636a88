INSERT INTO enriched_visits_topic SELECT * FROM enriched_visits
