-- visits and prescriptions: the columns the totals group by are present in current rows
SELECT
    (SELECT count() FROM visits FINAL WHERE diagnosis IS NULL OR doctor_id IS NULL OR visit_date IS NULL)
  + (SELECT count() FROM prescriptions FINAL WHERE medicine_id IS NULL)
