"""A single-node Kafka in KRaft mode (broker and controller in one JVM)."""

from __future__ import annotations

import subprocess
import uuid

from kafka import KafkaAdminClient
from kafka.errors import KafkaError

from hospital.local.jvm_config import classpath, java_command, write_log4j
from hospital.local.layout import Layout
from hospital.local.services import Service
from hospital.settings import Settings

MAIN = "kafka.Kafka"


def properties(settings: Settings, layout: Layout) -> dict[str, str]:
    kafka = settings.kafka
    host = kafka.bootstrap_servers.split(",")[0].rsplit(":", 1)[0]
    return {
        "process.roles": "broker,controller",
        "node.id": "1",
        "controller.quorum.voters": f"1@{host}:{kafka.controller_port}",
        "listeners": f"PLAINTEXT://{host}:{kafka.port},CONTROLLER://{host}:{kafka.controller_port}",
        "advertised.listeners": f"PLAINTEXT://{host}:{kafka.port}",
        "controller.listener.names": "CONTROLLER",
        "inter.broker.listener.name": "PLAINTEXT",
        "listener.security.protocol.map": "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
        "log.dirs": str(layout.kafka_data),
        "num.partitions": "1",
        "auto.create.topics.enable": "true",
        "offsets.topic.replication.factor": "1",
        "transaction.state.log.replication.factor": "1",
        "transaction.state.log.min.isr": "1",
        "share.coordinator.state.topic.replication.factor": "1",
        "share.coordinator.state.topic.min.isr": "1",
        "group.initial.rebalance.delay.ms": "0",
        "log.retention.hours": "168",
        "log.segment.bytes": str(256 * 1024 * 1024),
    }


def write_properties(path, props: dict[str, str]) -> None:
    path.write_text("".join(f"{key}={value}\n" for key, value in props.items()))


def service(settings: Settings, layout: Layout) -> Service:
    conf = layout.conf / "kafka.properties"
    log4j = layout.conf / "log4j2-kafka.properties"
    return Service(
        name="kafka",
        command=java_command(layout, log4j, heap="768m", main=MAIN, args=[str(conf)], classpath_dir="kafka"),
        port=settings.kafka.port,
        port_setting="HOSPITAL_KAFKA__BOOTSTRAP_SERVERS",
        ready=lambda: _ready(settings),
        prepare=lambda: _prepare(settings, layout, conf, log4j),
    )


def _prepare(settings: Settings, layout: Layout, conf, log4j) -> None:
    layout.make_dirs()
    write_properties(conf, properties(settings, layout))
    write_log4j(log4j)
    if (layout.kafka_data / "meta.properties").exists():
        return
    cluster_id_file = layout.kafka_data.parent / "cluster.id"
    if not cluster_id_file.exists():
        # KRaft wants a base64 UUID; uuid4's urlsafe form without padding is what kafka-storage generates.
        import base64

        cluster_id_file.write_text(base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("="))
    java = java_command(layout, log4j, heap="256m", main="kafka.tools.StorageTool", classpath_dir="kafka",
                        args=["format", "-t", cluster_id_file.read_text().strip(), "-c", str(conf), "--ignore-formatted"])
    result = subprocess.run(java, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"kafka storage format failed: {result.stderr.strip()[-2000:] or result.stdout.strip()[-2000:]}")


def _ready(settings: Settings) -> bool:
    try:
        admin = KafkaAdminClient(bootstrap_servers=settings.kafka.bootstrap_servers, request_timeout_ms=3000,
                                 client_id="hospital-health")
        try:
            admin.list_topics()
        finally:
            admin.close()
        return True
    except (KafkaError, OSError, ValueError, AssertionError):
        return False


__all__ = ["service", "properties", "classpath"]
