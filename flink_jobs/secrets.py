"""Secrets that Python UDFs need on the TaskManagers (pseudonym key, device keys).

A UDF is pickled into the job graph, so it must not carry a secret itself. It carries a
`SecretSource`: the environment variable to read and, in local mode, the file under
.local/secrets that holds the value. Both are names, not values; the value is read once
in the UDF's open() on the TaskManager.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


class SecretUnavailable(RuntimeError):
    """Neither the environment variable nor the file provides the secret."""


@dataclass(frozen=True)
class SecretSource:
    env: str  # e.g. HOSPITAL_PRIVACY__PSEUDONYM_KEY
    file: str | None = None  # local mode: the generated secret file

    def read_optional(self) -> str | None:
        value = os.environ.get(self.env)
        if value:
            return value
        if self.file and Path(self.file).exists():
            return Path(self.file).read_text().strip()
        return None

    def read(self) -> str:
        value = self.read_optional()
        if value is not None:
            return value
        where = f", and {self.file} does not exist" if self.file else ""
        raise SecretUnavailable(f"{self.env} is not set in the TaskManager's environment{where}")


def pseudonym_key_source(settings) -> SecretSource:
    """Where TaskManagers find the pseudonym key; in local mode make sure the file exists first."""
    env = "HOSPITAL_PRIVACY__PSEUDONYM_KEY"
    if settings.privacy.pseudonym_key is not None or settings.mode != "local":
        return SecretSource(env)
    settings.secret("privacy", "pseudonym_key")  # generates .local/secrets/privacy_pseudonym_key once
    return SecretSource(env, str(settings.local_dir / "secrets" / "privacy_pseudonym_key"))


def vitals_keys_source(settings) -> SecretSource:
    """Device keys: HOSPITAL_VITALS__KEYS (JSON) on the TaskManager, else the keys file."""
    path = settings.vitals.keys_file
    if path is not None and not Path(path).is_absolute():
        path = settings.home / path
    return SecretSource("HOSPITAL_VITALS__KEYS", str(path) if path else None)
