COPY medicines (medicine_id, name, category, manufacturer, price) FROM STDIN
