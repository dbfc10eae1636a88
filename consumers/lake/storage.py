"""Where lake files are stored: a local directory or a GCS bucket, behind one small interface.

Writes replace a whole object atomically (rename locally, one upload on GCS), so a
reader never sees half a file and a rewrite is all-or-nothing.
"""

from __future__ import annotations

import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Protocol

from consumers.lake.errors import LakeRootError, StoreUnavailable


class Store(Protocol):
    root: str

    def read(self, path: str) -> bytes | None: ...
    def write_many(self, files: dict[str, bytes]) -> None: ...
    def list(self, prefix: str = "") -> list[str]: ...
    def uri(self, path: str) -> str: ...


class LocalStore:
    def __init__(self, directory: Path):
        self.directory = directory
        self.root = str(directory)
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LakeRootError(f"lake root {directory} is not usable ({exc}); set HOSPITAL_LAKE__ROOT") from None

    def read(self, path: str) -> bytes | None:
        try:
            return (self.directory / path).read_bytes()
        except FileNotFoundError:
            return None

    def write_many(self, files: dict[str, bytes]) -> None:
        for path, data in files.items():
            target = self.directory / path
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".parquet")
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(data)
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise

    def list(self, prefix: str = "") -> list[str]:
        base = self.directory / prefix
        if not base.exists():
            return []
        found = (p for p in base.rglob("*") if p.is_file() and not p.name.startswith(".tmp-"))
        return sorted(str(p.relative_to(self.directory)) for p in found)

    def uri(self, path: str) -> str:
        return str(self.directory / path)


class GcsStore:
    """A bucket (and optional prefix). Uploads of one batch run in parallel: GCS latency, not CPU, bounds them."""

    def __init__(self, bucket: str, prefix: str, client, upload_threads: int = 8):
        from google.api_core import exceptions

        self.bucket_name = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.root = f"gs://{bucket}/{self.prefix}".rstrip("/")
        self.client = client
        self.bucket = client.bucket(bucket)
        self.upload_threads = upload_threads
        self._transient = (exceptions.TooManyRequests, exceptions.InternalServerError,
                           exceptions.BadGateway, exceptions.ServiceUnavailable, exceptions.GatewayTimeout)
        try:
            exists = self.bucket.exists()
        except (OSError, *self._transient) as exc:
            raise LakeRootError(f"GCS unreachable for {self.root} ({exc}); check HOSPITAL_LAKE__GCS_ENDPOINT") from None
        if not exists:
            raise LakeRootError(f"bucket {bucket} does not exist; create it (terraform/) or set HOSPITAL_LAKE__ROOT")

    def read(self, path: str) -> bytes | None:
        from google.api_core.exceptions import NotFound

        try:
            return self.bucket.blob(self.prefix + path).download_as_bytes()
        except NotFound:
            return None
        except self._transient as exc:
            raise StoreUnavailable(f"GCS read {path}: {exc}") from exc

    def write_many(self, files: dict[str, bytes]) -> None:
        from google.cloud.storage.retry import DEFAULT_RETRY

        def upload(item):
            path, data = item
            blob = self.bucket.blob(self.prefix + path)
            # The client retries uploads only with preconditions by default; ours are safe to
            # repeat (a rewrite puts the same bytes under the same name), so always retry.
            blob.upload_from_string(data, content_type="application/vnd.apache.parquet", retry=DEFAULT_RETRY)

        try:
            with ThreadPoolExecutor(max_workers=self.upload_threads) as pool:
                list(pool.map(upload, files.items()))
        except self._transient as exc:
            raise StoreUnavailable(f"GCS upload: {exc}") from exc

    def list(self, prefix: str = "") -> list[str]:
        names = (b.name for b in self.client.list_blobs(self.bucket_name, prefix=self.prefix + prefix))
        return sorted(n[len(self.prefix):] for n in names)

    def uri(self, path: str) -> str:
        return f"gs://{self.bucket_name}/{self.prefix}{path}"


def split_gs_uri(uri: str) -> tuple[str, str]:
    rest = uri[len("gs://"):]
    bucket, _, prefix = rest.partition("/")
    if not bucket:
        raise LakeRootError(f"lake root {uri!r} names no bucket; use gs://<bucket>[/<prefix>]")
    return bucket, prefix


def gcs_client(project: str | None, endpoint: str | None):
    """A storage client; with an endpoint (the local emulator) it needs no credentials."""
    from google.cloud import storage

    if endpoint:
        from google.auth.credentials import AnonymousCredentials

        return storage.Client(project=project or "local", credentials=AnonymousCredentials(),
                              client_options={"api_endpoint": endpoint})
    return storage.Client(project=project)


def open_store(root: str, home: Path, project: str | None = None, endpoint: str | None = None) -> Store:
    if root.startswith("gs://"):
        bucket, prefix = split_gs_uri(root)
        return GcsStore(bucket, prefix, gcs_client(project, endpoint))
    if "://" in root:
        raise LakeRootError(f"lake root {root!r}: use a directory or gs://<bucket>; set HOSPITAL_LAKE__ROOT")
    directory = Path(root)
    return LocalStore(directory if directory.is_absolute() else home / directory)
