INSERT INTO enriched_billing_db SELECT * FROM enriched_billing
