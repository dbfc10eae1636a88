-- Versioned current state, including delete markers. Users read the views in main.
CREATE SCHEMA IF NOT EXISTS state;
