"""The local default: real Postgres, Kafka, Connect and Flink as supervised processes."""
