"""Publish the working database as the warehouse file users open.

DuckDB files are single-writer and a writer's lock keeps other processes out, so users
never open the consumer's file. Instead, every few seconds: checkpoint (the file alone is
then consistent), copy it to a temporary file in the warehouse's directory, and rename it
over the warehouse path. The rename is atomic: a reader opens either the old or the new
snapshot, and a reader holding the old file keeps reading its inode undisturbed. The
consumer never opens or locks the published file, so a user holding it costs the
pipeline nothing.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path


def publish_file(source: Path, target: Path) -> float:
    """Copy a checkpointed database file to `target` atomically; seconds taken."""
    started = time.monotonic()
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.parent / f".{target.name}.{os.getpid()}.tmp"
    try:
        shutil.copyfile(source, temporary)
        with open(temporary, "rb") as f:
            os.fsync(f.fileno())  # the rename must never expose a half-written file after a crash
        # A write-ahead log left beside the old snapshot by a crashed read-write session would be
        # replayed into the new one on its next open; it belongs to the old inode, drop it.
        Path(f"{target}.wal").unlink(missing_ok=True)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    directory = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
    return time.monotonic() - started
