"""ClickHouse sink: Debezium and Flink output topics -> database `hospital` (server or embedded chDB)."""
