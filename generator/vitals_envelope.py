"""Vitals reading encoding: clear JSON, or an AES-GCM envelope per device key. Pure functions.

Envelope (JSON, UTF-8):
    {"v": 1, "kid": "<key id>", "device_id": <int>, "nonce": "<b64 12 bytes>", "ct": "<b64 ciphertext+tag>"}
The plaintext is the clear JSON reading; the associated data is the device id as
decimal ASCII, so an envelope moved to another device (or edited) fails to open.
The Flink vitals job uses `open_reading`/`decode_value` to decrypt.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from collections.abc import Mapping

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

ENVELOPE_VERSION = 1
NONCE_BYTES = 12
KEY_BYTES = 32  # AES-256
TAG_BYTES = 16

READING_FIELDS = ("device_id", "patient_id", "measured_at", "heart_rate", "systolic", "diastolic",
                  "temperature_c", "spo2", "respiratory_rate")


class EnvelopeError(ValueError):
    """A vitals message that cannot be read: malformed, unknown key, or failed authentication."""


def encode_reading(reading: Mapping) -> bytes:
    return json.dumps(reading, separators=(",", ":")).encode()


def associated_data(device_id: int) -> bytes:
    return str(device_id).encode("ascii")


def seal_reading(reading: Mapping, key_id: str, key: bytes, nonce: bytes | None = None) -> bytes:
    """Encrypt a reading into an envelope.

    The nonce must never repeat under one key (GCM loses confidentiality and integrity
    if it does), so it is random by default even when the readings are seeded; pass one
    only in tests.
    """
    nonce = os.urandom(NONCE_BYTES) if nonce is None else nonce
    if len(nonce) != NONCE_BYTES:
        raise EnvelopeError(f"nonce must be {NONCE_BYTES} bytes, got {len(nonce)}")
    device_id = reading["device_id"]
    ct = AESGCM(key).encrypt(nonce, encode_reading(reading), associated_data(device_id))
    envelope = {"v": ENVELOPE_VERSION, "kid": key_id, "device_id": device_id,
                "nonce": base64.b64encode(nonce).decode(), "ct": base64.b64encode(ct).decode()}
    return json.dumps(envelope, separators=(",", ":")).encode()


def is_envelope(message: Mapping) -> bool:
    return "v" in message and "ct" in message


def open_reading(envelope: Mapping, keys: Mapping[str, bytes]) -> dict:
    """Decrypt and authenticate an envelope (already parsed from JSON) into the reading dict."""
    if envelope.get("v") != ENVELOPE_VERSION:
        raise EnvelopeError(f"unsupported envelope version {envelope.get('v')!r}")
    kid = envelope.get("kid")
    if not isinstance(kid, str) or kid not in keys:
        raise EnvelopeError(f"unknown key id {kid!r}")
    device_id = envelope.get("device_id")
    if not isinstance(device_id, int) or isinstance(device_id, bool):
        raise EnvelopeError("envelope device_id must be an integer")
    nonce = _b64(envelope.get("nonce"), "nonce")
    ct = _b64(envelope.get("ct"), "ct")
    if len(nonce) != NONCE_BYTES or len(ct) < TAG_BYTES:
        raise EnvelopeError("nonce or ciphertext has the wrong length")
    try:
        plaintext = AESGCM(keys[kid]).decrypt(nonce, ct, associated_data(device_id))
    except InvalidTag:
        raise EnvelopeError(f"authentication failed for device {device_id} with key {kid!r}") from None
    reading = _json_object(plaintext, "plaintext")
    if reading.get("device_id") != device_id:
        raise EnvelopeError(f"envelope device_id {device_id} differs from the reading's {reading.get('device_id')!r}")
    return reading


def decode_value(value: bytes, keys: Mapping[str, bytes]) -> dict:
    """A `vitals.raw` message value (clear JSON or envelope) -> reading dict."""
    message = _json_object(value, "message")
    return open_reading(message, keys) if is_envelope(message) else message


def parse_keys(text: str) -> dict[str, bytes]:
    """Keys file content {"<key id>": "<base64 AES-256 key>"} -> {key id: key bytes}."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise EnvelopeError(f"keys file is not JSON: {exc}") from None
    if not isinstance(raw, dict) or not raw:
        raise EnvelopeError('keys file must be a non-empty object {"<key id>": "<base64 key>"}')
    keys = {}
    for kid, encoded in raw.items():
        key = _b64(encoded, f"key {kid!r}")
        if len(key) != KEY_BYTES:
            raise EnvelopeError(f"key {kid!r} is {len(key)} bytes; AES-256 needs {KEY_BYTES}")
        keys[kid] = key
    return keys


def _b64(text, what: str) -> bytes:
    if not isinstance(text, str):
        raise EnvelopeError(f"{what} must be a base64 string")
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise EnvelopeError(f"{what} is not valid base64") from None


def _json_object(data: bytes, what: str) -> dict:
    try:
        obj = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EnvelopeError(f"{what} is not JSON: {exc}") from None
    if not isinstance(obj, dict):
        raise EnvelopeError(f"{what} is not a JSON object")
    return obj
