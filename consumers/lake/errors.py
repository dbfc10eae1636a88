"""Lake errors: what happened and what happens next."""

from __future__ import annotations

from hospital.errors import HospitalError


class LakeRootError(HospitalError):
    """The lake root is unusable (bad URI, missing bucket, not writable); the consumer does not start."""


class StoreUnavailable(OSError):
    """A transient storage failure (network, 429/5xx); the loop retries the batch with backoff.

    An OSError so that ConsumerLoop.write_with_retry treats it as transient.
    """
