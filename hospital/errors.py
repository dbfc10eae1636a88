"""Errors a user sees as one line. The CLI prints them without a stack trace."""


class HospitalError(Exception):
    """Base of every error that the CLI reports as a single clear line."""


class ConfigError(HospitalError):
    """A setting is missing or invalid; the message names the key to set."""


class ServiceError(HospitalError):
    """A local service could not start, died, or is unhealthy."""


class ConnectorError(HospitalError):
    """Kafka Connect rejected a connector config or the connector failed."""
