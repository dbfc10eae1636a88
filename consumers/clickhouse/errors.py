"""What can go wrong in the ClickHouse sink, and what happens next."""

from __future__ import annotations

from hospital.errors import HospitalError


class SinkUnavailable(ConnectionError):
    """ClickHouse did not answer (network, server restarting). Transient: the batch loop
    retries the write with backoff (it retries OSError), offsets stay uncommitted meanwhile."""


class SinkWriteError(HospitalError):
    """ClickHouse rejected a batch (schema or data contract). Terminal for this process:
    it exits without committing, supervisord restarts it and the batch is replayed."""


class SchemaError(HospitalError):
    """A DDL file failed to apply at start-up; the message names the file."""


class QueryError(HospitalError):
    """An ad hoc query failed or the query endpoint is not reachable."""
