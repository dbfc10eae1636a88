"""User-facing generator errors are one clear line. Needs no services (nothing listens on port 1)."""

from __future__ import annotations

import pytest

from generator.database import GeneratorError
from generator.seed_load import seed_database
from generator.stream_run import run_stream
from hospital.errors import HospitalError
from hospital.settings import get_settings


@pytest.fixture
def unreachable():
    settings = get_settings()
    return settings.model_copy(update={"postgres": settings.postgres.model_copy(update={"port": 1})})


def test_seed_without_postgres_says_what_to_do(unreachable):
    with pytest.raises(GeneratorError, match=r"cannot reach Postgres at 127\.0\.0\.1:1 .*hospital up") as info:
        seed_database(unreachable, scale=0.01, seed=1)
    assert isinstance(info.value, HospitalError) and "\n" not in str(info.value)


def test_stream_without_postgres_says_what_to_do(unreachable):
    with pytest.raises(GeneratorError, match="cannot reach Postgres"):
        run_stream(unreachable, rate=10, duration=1)
