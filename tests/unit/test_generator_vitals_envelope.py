"""Vitals envelope: AES-GCM round trip and tamper detection. No services."""

from __future__ import annotations

import base64
import json
import os

import pytest
from pydantic import SecretStr

from generator.vitals_envelope import (
    EnvelopeError, decode_value, encode_reading, open_reading, parse_keys, seal_reading,
)
from generator.vitals_keys import configured_keys, load_keys, write_keys_file
from hospital.errors import ConfigError
from hospital.settings import get_settings

KEYS = {"k1": os.urandom(32), "k2": os.urandom(32)}
READING = {"device_id": 42, "patient_id": 7, "measured_at": 1767225600000, "heart_rate": 151, "systolic": 92,
           "diastolic": 55, "temperature_c": 39.1, "spo2": 89, "respiratory_rate": 27}


def sealed(**changes) -> dict:
    envelope = json.loads(seal_reading(READING, "k1", KEYS["k1"]))
    envelope.update(changes)
    return envelope


def test_round_trip():
    value = seal_reading(READING, "k1", KEYS["k1"])
    envelope = json.loads(value)
    assert set(envelope) == {"v", "kid", "device_id", "nonce", "ct"}
    assert envelope["v"] == 1 and envelope["kid"] == "k1" and envelope["device_id"] == 42
    assert len(base64.b64decode(envelope["nonce"])) == 12
    assert "heart_rate" not in value.decode()  # nothing readable in the clear
    assert decode_value(value, KEYS) == READING


def test_clear_readings_pass_through():
    assert decode_value(encode_reading(READING), KEYS) == READING
    assert decode_value(encode_reading(READING), {}) == READING


def test_nonces_never_repeat():
    assert len({sealed()["nonce"] for _ in range(50)}) == 50


def test_fixed_nonce_is_reproducible():
    nonce = bytes(12)
    assert seal_reading(READING, "k1", KEYS["k1"], nonce) == seal_reading(READING, "k1", KEYS["k1"], nonce)


def test_wrong_key_fails():
    envelope = sealed()
    with pytest.raises(EnvelopeError, match="authentication failed"):
        open_reading(envelope, {"k1": KEYS["k2"]})


def test_other_key_id_fails():
    with pytest.raises(EnvelopeError, match="authentication failed"):
        open_reading(sealed(kid="k2"), KEYS)


def test_unknown_key_id_fails():
    with pytest.raises(EnvelopeError, match="unknown key id"):
        open_reading(sealed(kid="nope"), KEYS)


def test_modified_ciphertext_fails():
    envelope = sealed()
    ct = bytearray(base64.b64decode(envelope["ct"]))
    ct[3] ^= 0x01
    with pytest.raises(EnvelopeError, match="authentication failed"):
        open_reading({**envelope, "ct": base64.b64encode(bytes(ct)).decode()}, KEYS)


def test_modified_tag_fails():
    envelope = sealed()
    ct = bytearray(base64.b64decode(envelope["ct"]))
    ct[-1] ^= 0x80
    with pytest.raises(EnvelopeError):
        open_reading({**envelope, "ct": base64.b64encode(bytes(ct)).decode()}, KEYS)


def test_wrong_device_id_fails():
    # The device id is the associated data: an envelope replayed as another device's is rejected.
    with pytest.raises(EnvelopeError, match="authentication failed"):
        open_reading(sealed(device_id=43), KEYS)


def test_modified_nonce_fails():
    with pytest.raises(EnvelopeError):
        open_reading(sealed(nonce=base64.b64encode(bytes(12)).decode()), KEYS)


@pytest.mark.parametrize("value", [b"not json", b"[1, 2]", b'{"v": 2, "ct": "AA=="}',
                                   json.dumps({**READING, "v": 1, "ct": "***"}).encode()])
def test_malformed_messages_fail(value):
    with pytest.raises(EnvelopeError):
        decode_value(value, KEYS)


def test_envelope_device_id_must_be_an_integer():
    with pytest.raises(EnvelopeError, match="integer"):
        open_reading(sealed(device_id="42"), KEYS)


def test_keys_file_round_trip(tmp_path):
    path = tmp_path / "keys.json"
    keys = write_keys_file(path, ["a", "b"])
    assert load_keys(path) == keys
    assert (path.stat().st_mode & 0o777) == 0o600


AES_128_KEY = base64.b64encode(b"x" * 16).decode()


@pytest.mark.parametrize("text", ["{}", "[]", "nope", '{"a": "short"}', '{"a": "%s"}' % AES_128_KEY])
def test_bad_keys_are_rejected(text):
    with pytest.raises(EnvelopeError):
        parse_keys(text)


def test_unreadable_keys_file_names_the_setting(tmp_path):
    with pytest.raises(ConfigError, match="HOSPITAL_VITALS__KEYS_FILE"):
        load_keys(tmp_path / "missing.json")


def test_keys_come_from_the_file_or_the_secret(tmp_path):
    base = get_settings()
    vitals = base.vitals.model_copy(update={"keys_file": None, "keys": None})
    assert configured_keys(base.model_copy(update={"vitals": vitals})) == {}
    keys = write_keys_file(tmp_path / "keys.json", ["f"])
    with_file = vitals.model_copy(update={"keys_file": tmp_path / "keys.json"})
    assert configured_keys(base.model_copy(update={"vitals": with_file})) == keys
    secret = SecretStr(json.dumps({"s": base64.b64encode(bytes(32)).decode()}))
    with_secret = vitals.model_copy(update={"keys": secret})
    assert configured_keys(base.model_copy(update={"vitals": with_secret})) == {"s": bytes(32)}
    with pytest.raises(ConfigError, match="HOSPITAL_VITALS__KEYS"):
        configured_keys(base.model_copy(update={"vitals": vitals.model_copy(update={"keys": SecretStr("{}")})}))
