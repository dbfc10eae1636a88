SELECT medicine_id, name, category FROM medicines ORDER BY medicine_id
