INSERT INTO dlq_cdc_topic SELECT * FROM cdc_dead_letters
