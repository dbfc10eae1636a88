"""Reading (and, for development and tests, creating) the vitals device keys file."""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path

from generator.vitals_envelope import KEY_BYTES, EnvelopeError, parse_keys
from hospital.errors import ConfigError
from hospital.settings import Settings


def configured_keys(settings: Settings) -> dict[str, bytes]:
    """Device keys from HOSPITAL_VITALS__KEYS_FILE, else from HOSPITAL_VITALS__KEYS; {} means clear readings."""
    vitals = settings.vitals
    if vitals.keys_file:
        return load_keys(vitals.keys_file)
    if vitals.keys is not None:
        try:
            return parse_keys(vitals.keys.get_secret_value())
        except EnvelopeError as exc:
            raise ConfigError(f"HOSPITAL_VITALS__KEYS: {exc}") from None
    return {}


def load_keys(path: Path) -> dict[str, bytes]:
    try:
        return parse_keys(Path(path).read_text())
    except OSError as exc:
        raise ConfigError(f"HOSPITAL_VITALS__KEYS_FILE: cannot read {path}: {exc.strerror}") from None
    except EnvelopeError as exc:
        raise ConfigError(f"HOSPITAL_VITALS__KEYS_FILE ({path}): {exc}") from None


def write_keys_file(path: Path, key_ids: list[str]) -> dict[str, bytes]:
    """Create a keys file with fresh random keys, readable by its owner only."""
    keys = {kid: os.urandom(KEY_BYTES) for kid in key_ids}
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        json.dump({kid: base64.b64encode(key).decode() for kid, key in keys.items()}, f, indent=2)
    return keys
