"""Sink consumers: read change topics in batches, write idempotently, commit after the write."""
