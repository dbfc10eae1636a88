INSERT INTO dlq_vitals_topic SELECT * FROM vitals_dead_letters
