"""One typed settings tree for every stage.

Defaults describe the local stack. Any key can be overridden with an environment
variable `HOSPITAL_<SECTION>__<KEY>` (for example `HOSPITAL_POSTGRES__PORT=5432`)
or a `.env` file in the working directory. `.env.example` documents every key.

Secrets are never defaults: they come from the environment, or in local mode from
generated files under `.local/secrets/` (mode 0600) that only this machine uses.
"""

from __future__ import annotations

import os
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from hospital.errors import ConfigError

REPO_ROOT = Path(__file__).resolve().parent.parent


class PostgresSettings(BaseModel):
    host: str = "127.0.0.1"
    port: int = Field(5433, ge=1, le=65535)
    database: str = "hospital"
    analytics_database: str = "hospital_analytics"
    user: str = "hospital"
    password: SecretStr | None = None
    replication_user: str = "debezium"
    replication_password: SecretStr | None = None
    superuser: str = "postgres"
    superuser_password: SecretStr | None = None
    publication: str = "hospital_cdc"
    slot: str = "hospital_debezium"


class KafkaSettings(BaseModel):
    bootstrap_servers: str = "127.0.0.1:9092"
    controller_port: int = Field(9093, ge=1, le=65535)
    topic_prefix: str = "hospital"
    vitals_topic: str = "vitals.raw"

    @property
    def port(self) -> int:
        return int(self.bootstrap_servers.split(",")[0].rsplit(":", 1)[1])


class LakeSettings(BaseModel):
    # A directory (relative paths are under HOSPITAL_HOME) or gs://<bucket>[/<prefix>].
    root: str = "data/lake"
    group_id: str = "hospital-lake"
    max_batch_records: int = Field(20000, ge=1)
    poll_timeout_ms: int = Field(1000, ge=1)
    # Kafka offsets per lake file: a file holds one aligned offset range of one topic partition.
    file_offsets: int = Field(10000, ge=1)
    # GCS API endpoint of the local emulator (e.g. http://127.0.0.1:4443); unset means real GCS.
    gcs_endpoint: str | None = None
    gcs_project: str | None = None
    # Run the emulator (fake-gcs-server, installed by the bootstrap) as a local service.
    gcs_emulator: bool = False
    gcs_emulator_port: int = Field(4443, ge=1, le=65535)


class BigQuerySettings(BaseModel):
    # Loads read the curated lake files, so HOSPITAL_LAKE__ROOT must be gs://... for real loads.
    project: str | None = None
    dataset: str = "hospital"
    location: str = "EU"
    staging_suffix: str = "__staging"


class ConnectSettings(BaseModel):
    url: str = "http://127.0.0.1:8083"
    connector_name: str = "hospital-postgres"
    # Host and port of Postgres as seen from the Connect worker (differs in docker-compose).
    database_host: str | None = None
    database_port: int | None = None

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1].split("/")[0])


class FlinkSettings(BaseModel):
    rest_url: str = "http://127.0.0.1:8081"
    parallelism: int = Field(1, ge=1)
    checkpoint_interval_ms: int = Field(10_000, ge=1000)
    taskmanager_slots: int = Field(4, ge=1)
    # Process sizes of the local JobManager and TaskManager (a shared 2-core machine).
    jobmanager_memory: str = "1g"
    jobmanager_rpc_port: int = Field(6123, ge=1, le=65535)
    taskmanager_rpc_port: int = Field(6122, ge=1, le=65535)
    taskmanager_memory: str = "2g"
    # Python that runs the jobs' UDFs on the TaskManagers; unset = the interpreter running `hospital`.
    python_executable: str | None = None
    # A fact whose foreign key is still unknown this long after it arrived goes to the dead letters.
    fk_grace_seconds: int = Field(300, ge=1, le=99 * 86400)
    # Kafka and Postgres as the TaskManagers reach them, when that differs from this machine's
    # view (a cluster in docker-compose or elsewhere); unset = kafka.bootstrap_servers, postgres.host/port.
    kafka_bootstrap_servers: str | None = None
    database_host: str | None = None
    database_port: int | None = None

    @property
    def port(self) -> int:
        return int(self.rest_url.rsplit(":", 1)[1].split("/")[0])


class VitalsSettings(BaseModel):
    # JSON file {"<key id>": "<base64 AES-256 key>", ...}; unset means clear JSON readings.
    keys_file: Path | None = None
    # The same JSON as a secret value; the Flink TaskManagers read it from their environment
    # (deployments inject it instead of mounting a file).
    keys: SecretStr | None = None


class ClickHouseSettings(BaseModel):
    # chdb://<dir> is embedded chDB inside the ClickHouse consumer (a relative dir is under
    # HOSPITAL_HOME); http(s)://host:8123 is a ClickHouse server (deployment). Same code for both.
    dsn: str = "chdb://data/clickhouse"
    database: str = "hospital"
    user: str = "default"
    password: SecretStr | None = None
    # Local query endpoint served by the consumer process (chDB allows one process per directory).
    query_host: str = "127.0.0.1"
    query_port: int = Field(8124, ge=1, le=65535)
    query_timeout_s: int = Field(30, ge=1)
    group_id: str = "hospital-clickhouse"
    max_batch_records: int = Field(20000, ge=1)
    poll_timeout_ms: int = Field(500, ge=1)


class PrivacySettings(BaseModel):
    # Keyed-hash secret for pseudonymising patient identifiers.
    pseudonym_key: SecretStr | None = None


class DuckDBSettings(BaseModel):
    # The file users open (published snapshot); relative paths are under HOSPITAL_HOME.
    warehouse_path: Path = Path("data/warehouse/hospital.duckdb")
    # The consumer's private working database; only the consumer opens it.
    work_path: Path = Path(".local/duckdb/work.duckdb")
    publish_interval_s: float = Field(2.0, gt=0)
    # On-disk format of both files: readable by the DuckDB CLI (duckdb-cli 1.5) and the Python package.
    storage_version: str = "v1.4.0"
    group_id: str = "hospital-duckdb"
    max_batch_records: int = Field(5000, ge=1)
    poll_timeout_ms: int = Field(500, ge=1)
    threads: int = Field(2, ge=1)
    memory_limit: str = "1GB"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="HOSPITAL_",
        env_nested_delimiter="__",
        env_file=".env",
        extra="ignore",
    )

    mode: Literal["local", "deployed"] = "local"
    home: Path = REPO_ROOT
    postgres: PostgresSettings = PostgresSettings()
    kafka: KafkaSettings = KafkaSettings()
    lake: LakeSettings = LakeSettings()
    bigquery: BigQuerySettings = BigQuerySettings()
    connect: ConnectSettings = ConnectSettings()
    flink: FlinkSettings = FlinkSettings()
    vitals: VitalsSettings = VitalsSettings()
    clickhouse: ClickHouseSettings = ClickHouseSettings()
    privacy: PrivacySettings = PrivacySettings()
    duckdb: DuckDBSettings = DuckDBSettings()

    @property
    def local_dir(self) -> Path:
        return self.home / ".local"

    @property
    def data_dir(self) -> Path:
        return self.home / "data"

    def secret(self, section: str, key: str) -> str:
        """Return a secret from settings; in local mode, generate it once into .local/secrets."""
        value = getattr(getattr(self, section), key)
        if value is not None:
            return value.get_secret_value()
        env_key = f"HOSPITAL_{section.upper()}__{key.upper()}"
        if self.mode != "local":
            raise ConfigError(f"{env_key} is not set; deployed mode needs it from the environment")
        path = self.local_dir / "secrets" / f"{section}_{key}"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.parent.chmod(0o700)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_urlsafe(24))
        return path.read_text().strip()


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(
            f"HOSPITAL_{'__'.join(str(p).upper() for p in err['loc'])}: {err['msg']}"
            for err in exc.errors()
        )
        raise ConfigError(f"invalid settings: {problems}") from None
