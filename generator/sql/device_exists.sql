SELECT EXISTS (SELECT 1 FROM devices WHERE serial_number = %(serial_number)s)
