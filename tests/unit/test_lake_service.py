"""The lake's local services: the consumer always, the GCS emulator when configured."""

from __future__ import annotations

from hospital.local.layout import Layout
from hospital.settings import Settings
from consumers.lake.service import services


def test_consumer_only_by_default(tmp_path):
    settings = Settings(home=tmp_path)
    found = services(settings, Layout.of(settings))
    assert [s.name for s in found] == ["lake-consumer"]
    assert found[0].command[1:] == ["-m", "consumers.lake.runner"]
    assert found[0].ready() is False  # no ready file yet


def test_emulator_first_when_enabled(tmp_path):
    settings = Settings(home=tmp_path, lake={"root": "gs://hospital-lake", "gcs_emulator": True,
                                             "gcs_emulator_port": 4999})
    emulator, consumer = services(settings, Layout.of(settings))
    assert (emulator.name, emulator.port, consumer.name) == ("gcs-emulator", 4999, "lake-consumer")
    assert emulator.command[0].endswith(".local/bin/fake-gcs-server")
    assert ["-scheme", "http"] == emulator.command[1:3]
    assert "-filesystem-root" in emulator.command
