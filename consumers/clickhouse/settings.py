"""The sink's view of the settings tree (HOSPITAL_CLICKHOUSE__*), resolved once at start-up."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from consumers.core.outputs import FLINK_OUTPUTS
from consumers.core.tables import TABLES, topic_of
from hospital.errors import ConfigError
from hospital.settings import Settings

CHDB_SCHEME = "chdb://"


@dataclass(frozen=True)
class SinkConfig:
    dsn: str
    database: str
    user: str
    password: str
    chdb_path: Path | None  # set when the engine is embedded chDB
    query_host: str
    query_port: int
    query_timeout_s: int
    group_id: str
    topics: tuple[str, ...]
    bootstrap_servers: str
    dlq_topic: str
    max_batch_records: int
    poll_timeout_ms: int

    @property
    def embedded(self) -> bool:
        return self.chdb_path is not None

    @property
    def endpoint_url(self) -> str:
        return f"http://{self.query_host}:{self.query_port}"

    def with_overrides(self, **changes) -> "SinkConfig":
        return replace(self, **changes)


def chdb_path(dsn: str, home: Path) -> Path | None:
    """The chDB directory of a chdb:// DSN, None for a server DSN.

    Parsed here rather than by clickhouse-connect: its URL parser reads `chdb://data/clickhouse`
    as location `data` plus database `clickhouse`, while our DSN means the directory
    data/clickhouse under HOSPITAL_HOME (`chdb:///abs/dir` for an absolute one).
    """
    if not dsn.startswith(CHDB_SCHEME):
        return None
    raw = dsn[len(CHDB_SCHEME):].split("?", 1)[0]
    if not raw:
        raise ConfigError("HOSPITAL_CLICKHOUSE__DSN: chdb:// needs a directory, e.g. chdb://data/clickhouse")
    path = Path(raw)
    return path if path.is_absolute() else home / path


def sink_config(settings: Settings) -> SinkConfig:
    ch = settings.clickhouse
    if not ch.dsn.startswith((CHDB_SCHEME, "http://", "https://")):
        raise ConfigError(f"HOSPITAL_CLICKHOUSE__DSN: {ch.dsn!r} is neither chdb://<dir> nor http(s)://host:port")
    topics = tuple(topic_of(t, settings.kafka.topic_prefix) for t in TABLES) + tuple(FLINK_OUTPUTS)
    return SinkConfig(
        dsn=ch.dsn,
        database=ch.database,
        user=ch.user,
        password=ch.password.get_secret_value() if ch.password else "",
        chdb_path=chdb_path(ch.dsn, settings.home),
        query_host=ch.query_host,
        query_port=ch.query_port,
        query_timeout_s=ch.query_timeout_s,
        group_id=ch.group_id,
        topics=topics,
        bootstrap_servers=settings.kafka.bootstrap_servers,
        dlq_topic="dlq.consumers",
        max_batch_records=ch.max_batch_records,
        poll_timeout_ms=ch.poll_timeout_ms,
    )
