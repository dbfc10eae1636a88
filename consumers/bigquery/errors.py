"""BigQuery load errors: one line saying what failed and what to do."""

from __future__ import annotations

from hospital.errors import HospitalError


class BigQueryLoadError(HospitalError):
    """A load or MERGE failed, or the lake root cannot be loaded from (BigQuery reads only gs://)."""
