"""Settings: env overrides with HOSPITAL_ and __ nesting, clear errors, no default secrets."""

from __future__ import annotations

import pytest

from hospital.errors import ConfigError, ServiceError
from hospital.settings import Settings, get_settings


def test_nested_environment_overrides(monkeypatch):
    monkeypatch.setenv("HOSPITAL_POSTGRES__PORT", "6543")
    monkeypatch.setenv("HOSPITAL_KAFKA__BOOTSTRAP_SERVERS", "broker:29092")
    settings = Settings()
    assert settings.postgres.port == 6543
    assert settings.kafka.port == 29092


def test_invalid_value_names_the_key(monkeypatch):
    monkeypatch.setenv("HOSPITAL_POSTGRES__PORT", "not-a-port")
    get_settings.cache_clear()
    try:
        with pytest.raises(ConfigError) as error:
            get_settings()
        assert "HOSPITAL_POSTGRES__PORT" in str(error.value)
    finally:
        get_settings.cache_clear()


def test_deployed_mode_requires_secrets_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("HOSPITAL_MODE", "deployed")
    monkeypatch.setenv("HOSPITAL_HOME", str(tmp_path))
    with pytest.raises(ConfigError) as error:
        Settings().secret("postgres", "password")
    assert "HOSPITAL_POSTGRES__PASSWORD" in str(error.value)


def test_local_secrets_are_generated_once_and_private(monkeypatch, tmp_path):
    monkeypatch.setenv("HOSPITAL_HOME", str(tmp_path))
    settings = Settings()
    first = settings.secret("postgres", "password")
    assert first == settings.secret("postgres", "password") and len(first) >= 24
    path = tmp_path / ".local" / "secrets" / "postgres_password"
    assert path.stat().st_mode & 0o077 == 0


def test_missing_java_is_a_clear_error(monkeypatch):
    from hospital.local.layout import find_java

    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(ServiceError) as error:
        find_java()
    assert "Java not found" in str(error.value)
