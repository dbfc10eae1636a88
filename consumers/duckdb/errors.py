"""Errors of the DuckDB warehouse, each saying what happened and what to do next."""

from __future__ import annotations

from hospital.errors import HospitalError


class WarehouseError(HospitalError):
    """The warehouse could not be opened, written or published."""


class WarehouseNotPublished(WarehouseError):
    """No snapshot has been published yet at the warehouse path."""

    def __init__(self, path):
        super().__init__(f"no DuckDB warehouse at {path} yet: start the consumer with `hospital up` "
                         "(or `python -m consumers.duckdb.runner`) and wait for its first publish")


class ContractViolation(WarehouseError):
    """A warehouse object broke its contract (duplicate key, NULL, value outside the accepted set)."""
