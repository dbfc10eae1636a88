"""Kafka Connect in distributed mode (one worker) with the Debezium plugin folder."""

from __future__ import annotations

import requests

from hospital.local.jvm_config import java_command, write_log4j
from hospital.local.kafka_node import write_properties
from hospital.local.layout import Layout
from hospital.local.services import Service
from hospital.settings import Settings

MAIN = "org.apache.kafka.connect.cli.ConnectDistributed"


def properties(settings: Settings, layout: Layout) -> dict[str, str]:
    host = settings.connect.url.split("//", 1)[1].rsplit(":", 1)[0]
    return {
        "bootstrap.servers": settings.kafka.bootstrap_servers,
        "group.id": "hospital-connect",
        "listeners": f"http://{host}:{settings.connect.port}",
        # Plain JSON envelopes ({before, after, source, op, ...}) without inline schemas.
        "key.converter": "org.apache.kafka.connect.json.JsonConverter",
        "value.converter": "org.apache.kafka.connect.json.JsonConverter",
        "key.converter.schemas.enable": "false",
        "value.converter.schemas.enable": "false",
        "config.storage.topic": "hospital-connect-configs",
        "offset.storage.topic": "hospital-connect-offsets",
        "status.storage.topic": "hospital-connect-status",
        "config.storage.replication.factor": "1",
        "offset.storage.replication.factor": "1",
        "status.storage.replication.factor": "1",
        # Flush source offsets often: fewer duplicates re-sent after a worker restart.
        "offset.flush.interval.ms": "1000",
        "plugin.path": str(layout.jvm / "connect-plugins"),
        "plugin.discovery": "hybrid_warn",
        # Secrets in connector configs are ${env:NAME} references resolved here.
        "config.providers": "env",
        "config.providers.env.class": "org.apache.kafka.common.config.provider.EnvVarConfigProvider",
        "producer.linger.ms": "5",
        "producer.compression.type": "lz4",
    }


def service(settings: Settings, layout: Layout) -> Service:
    conf = layout.conf / "connect-distributed.properties"
    log4j = layout.conf / "log4j2-connect.properties"

    def prepare() -> None:
        layout.make_dirs()
        write_properties(conf, properties(settings, layout))
        write_log4j(log4j)

    return Service(
        name="connect",
        command=java_command(layout, log4j, heap="768m", main=MAIN, args=[str(conf)], classpath_dir="kafka"),
        port=settings.connect.port,
        port_setting="HOSPITAL_CONNECT__URL",
        ready=lambda: plugin_loaded(settings),
        prepare=prepare,
        start_timeout=180.0,
    )


def plugin_loaded(settings: Settings) -> bool:
    try:
        response = requests.get(f"{settings.connect.url}/connector-plugins", timeout=3)
        return response.ok and any("PostgresConnector" in p.get("class", "") for p in response.json())
    except (requests.RequestException, ValueError):
        return False
