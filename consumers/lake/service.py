"""The lake consumer (and, if configured, the GCS emulator) as supervised local services."""

from __future__ import annotations

import os
import sys

from consumers.lake import emulator
from consumers.lake.runner import ready_file
from consumers.lake.storage import split_gs_uri
from hospital.errors import ServiceError
from hospital.local.layout import Layout
from hospital.local.services import Service
from hospital.settings import Settings


def services(settings: Settings, layout: Layout) -> list[Service]:
    found = []
    if settings.lake.gcs_emulator:
        found.append(emulator_service(settings))
    found.append(consumer_service(settings))
    return found


def consumer_service(settings: Settings) -> Service:
    marker = ready_file(settings)

    def ready() -> bool:
        # The runner writes its pid once the lake root is open; gone or stale means not ready.
        try:
            os.kill(int(marker.read_text()), 0)
            return True
        except (OSError, ValueError):
            return False

    return Service(
        name="lake-consumer",
        command=[sys.executable, "-m", "consumers.lake.runner"],
        port=0,  # no listening port
        port_setting="HOSPITAL_LAKE__ROOT",
        ready=ready,
        directory=settings.home,
        start_timeout=60.0,
    )


def emulator_service(settings: Settings) -> Service:
    port = settings.lake.gcs_emulator_port
    lake = settings.lake

    def prepare() -> None:
        if not emulator.binary(settings).exists():
            raise ServiceError("fake-gcs-server not installed: run `make bootstrap` (scripts/install_gcs_emulator.sh)")
        if lake.root.startswith("gs://"):
            # A bucket is a directory of the filesystem backend: create it before the consumer starts.
            (settings.local_dir / "gcs" / split_gs_uri(lake.root)[0]).mkdir(parents=True, exist_ok=True)

    return Service(
        name="gcs-emulator",
        command=emulator.command(settings, port),
        port=port,
        port_setting="HOSPITAL_LAKE__GCS_EMULATOR_PORT",
        ready=lambda: emulator.answers(port),
        prepare=prepare,
        directory=settings.home,
        start_timeout=30.0,
    )
