-- Per patient and event-time minute: reading count, averages and extremes, worst NEWS2.
-- Emitted once, when the watermark passes the end of the minute.
CREATE TEMPORARY VIEW vitals_minute AS
SELECT
    patient_id,
    window_start,
    window_end,
    COUNT(*) AS readings,
    COUNT(DISTINCT device_id) AS devices,
    ROUND(AVG(CAST(heart_rate AS DOUBLE)), 1) AS heart_rate_avg,
    MIN(heart_rate) AS heart_rate_min,
    MAX(heart_rate) AS heart_rate_max,
    ROUND(AVG(CAST(systolic AS DOUBLE)), 1) AS systolic_avg,
    MIN(systolic) AS systolic_min,
    ROUND(AVG(CAST(diastolic AS DOUBLE)), 1) AS diastolic_avg,
    ROUND(AVG(temperature_c), 2) AS temperature_c_avg,
    MAX(temperature_c) AS temperature_c_max,
    ROUND(AVG(CAST(spo2 AS DOUBLE)), 1) AS spo2_avg,
    MIN(spo2) AS spo2_min,
    ROUND(AVG(CAST(respiratory_rate AS DOUBLE)), 1) AS respiratory_rate_avg,
    MAX(news2) AS news2_max
FROM TABLE(TUMBLE(TABLE vitals_readings, DESCRIPTOR(rowtime), INTERVAL '1' MINUTE))
GROUP BY patient_id, window_start, window_end
