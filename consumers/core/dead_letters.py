"""Dead-letter records: the reason, where the message came from, and its original bytes."""

from __future__ import annotations

import base64
import json
import time


def dead_letter(reason: str, topic: str, partition: int, offset: int, key: bytes | None, value: bytes | None,
                stage: str) -> bytes:
    return json.dumps({
        "reason": reason,
        "stage": stage,
        "topic": topic,
        "partition": partition,
        "offset": offset,
        "key": key.decode("utf-8", "replace") if key is not None else None,
        "value_b64": base64.b64encode(value).decode() if value is not None else None,
        "failed_at_ms": int(time.time() * 1000),
    }).encode()
