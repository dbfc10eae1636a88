INSERT INTO enriched_billing_topic SELECT * FROM enriched_billing
