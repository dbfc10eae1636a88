"""A standalone Flink cluster (one JobManager, one TaskManager) from the distribution inside PyFlink.

Both processes run in the foreground under supervisord. Their configuration, lib folder,
checkpoints and logs live under .local/flink, so the PyFlink package itself is never modified:
FLINK_CONF_DIR points at our config.yaml and FLINK_LIB_DIR at a folder of symlinks to the
distribution's jars plus the connector jars that `make bootstrap` put in .local/jvm/flink-lib.
"""

from __future__ import annotations

import sys
from pathlib import Path

import requests

from hospital.local.layout import Layout, find_java
from hospital.local.services import Service
from hospital.settings import Settings

LOG4J = """\
# Console (supervisord's log) and the file the Web UI shows; connectors' chatter kept at WARN.
monitorInterval = 30
rootLogger.level = INFO
rootLogger.appenderRef.console.ref = ConsoleAppender
rootLogger.appenderRef.rolling.ref = RollingFileAppender
logger.kafka.name = org.apache.kafka
logger.kafka.level = WARN
logger.pekko.name = org.apache.pekko
logger.pekko.level = WARN
logger.netty.name = org.jboss.netty.channel.DefaultChannelPipeline
logger.netty.level = OFF
appender.console.name = ConsoleAppender
appender.console.type = CONSOLE
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %c{1} - %m%n
appender.rolling.name = RollingFileAppender
appender.rolling.type = RollingFile
appender.rolling.append = true
appender.rolling.fileName = ${sys:log.file}
appender.rolling.filePattern = ${sys:log.file}.%i
appender.rolling.layout.type = PatternLayout
appender.rolling.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %c - %m%n
appender.rolling.policies.type = Policies
appender.rolling.policies.size.type = SizeBasedTriggeringPolicy
appender.rolling.policies.size.size = 50MB
appender.rolling.strategy.type = DefaultRolloverStrategy
appender.rolling.strategy.max = 3
"""


def flink_home() -> Path:
    import pyflink

    return Path(pyflink.__file__).resolve().parent


def python_executable(settings: Settings) -> str:
    return settings.flink.python_executable or sys.executable


class FlinkPaths:
    """Folders of the local cluster under .local/flink."""

    def __init__(self, layout: Layout):
        root = layout.flink_state
        self.root = root
        self.conf = root / "conf"
        self.lib = root / "lib"  # cluster classpath: distribution + flink-python + connectors
        self.client_lib = root / "client-lib"  # submitting clients: distribution + connectors
        self.checkpoints = root / "checkpoints"
        self.savepoints = root / "savepoints"
        self.tmp = root / "tmp"
        self.logs = layout.logs / "flink"
        self.pids = layout.run / "flink"
        self.connector_jars = layout.jvm / "flink-lib"

    def make_dirs(self) -> None:
        for path in (self.conf, self.lib, self.client_lib, self.checkpoints, self.savepoints, self.tmp,
                     self.logs, self.pids):
            path.mkdir(parents=True, exist_ok=True)


def config(settings: Settings, paths: FlinkPaths) -> dict[str, str]:
    """config.yaml of the cluster, flattened keys. Job-level settings are set again by each job."""
    flink = settings.flink
    host = flink.rest_url.split("//", 1)[1].rsplit(":", 1)[0]
    return {
        "jobmanager.rpc.address": host,
        "jobmanager.rpc.port": str(flink.jobmanager_rpc_port),
        "jobmanager.bind-host": host,
        "jobmanager.memory.process.size": flink.jobmanager_memory,
        "taskmanager.host": host,
        "taskmanager.bind-host": host,
        "taskmanager.rpc.port": str(flink.taskmanager_rpc_port),
        "taskmanager.memory.process.size": flink.taskmanager_memory,
        "taskmanager.numberOfTaskSlots": str(flink.taskmanager_slots),
        "parallelism.default": str(flink.parallelism),
        "rest.address": host,
        "rest.bind-address": host,
        "rest.port": str(flink.port),
        "web.submit.enable": "false",
        "web.cancel.enable": "true",
        "io.tmp.dirs": str(paths.tmp),
        "web.tmpdir": str(paths.tmp / "web"),
        "blob.storage.directory": str(paths.tmp / "blobs"),
        # Checkpointing: exactly-once barriers, RocksDB with incremental checkpoints on local disk,
        # kept on cancellation so a resubmitted job resumes from the last one.
        "state.backend.type": "rocksdb",
        "execution.checkpointing.incremental": "true",
        "execution.checkpointing.dir": paths.checkpoints.as_uri(),
        "execution.checkpointing.savepoint-dir": paths.savepoints.as_uri(),
        "execution.checkpointing.interval": f"{flink.checkpoint_interval_ms}ms",
        "execution.checkpointing.mode": "EXACTLY_ONCE",
        "execution.checkpointing.externalized-checkpoint-retention": "RETAIN_ON_CANCELLATION",
        "execution.checkpointing.num-retained": "3",
        # A lost TaskManager restarts the job from its last checkpoint, backing off up to 30 s.
        "restart-strategy.type": "exponential-delay",
        "restart-strategy.exponential-delay.initial-backoff": "1s",
        "restart-strategy.exponential-delay.max-backoff": "30s",
        "jobmanager.execution.failover-strategy": "region",
        # Notice a killed TaskManager within seconds, not the default 50.
        "heartbeat.interval": "2000",
        "heartbeat.timeout": "15000",
        "python.executable": python_executable(settings),
        "python.client.executable": python_executable(settings),
        "env.java.home": str(Path(find_java()).resolve().parent.parent),
        "env.log.dir": str(paths.logs),
        "env.pid.dir": str(paths.pids),
        "env.java.opts.all": JAVA_OPTS,
    }


# UTC, then the distribution's module flags (from PyFlink's conf/config.yaml) that Flink needs on Java 17.
JAVA_OPTS = " ".join([
    "-Duser.timezone=UTC",  # JDBC timestamps are written as UTC
    "--add-exports=java.base/sun.net.util=ALL-UNNAMED", "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
    "--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED",
    "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
    "--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED",
    "--add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED",
    "--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED",
    "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
    "--add-opens=java.base/java.text=ALL-UNNAMED", "--add-opens=java.base/java.time=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED",
])


def render_yaml(values: dict[str, str]) -> str:
    # Flat "a.b.c: value" keys are valid in Flink's config.yaml; values are quoted YAML strings.
    import json

    return "".join(f"{key}: {json.dumps(value)}\n" for key, value in sorted(values.items()))


def link_jars(target: Path, sources: list[Path]) -> None:
    """Make `target` hold exactly one symlink per jar in `sources` (idempotent)."""
    wanted = {jar.name: jar for jar in sources}
    for existing in target.iterdir():
        if existing.name not in wanted or existing.resolve() != wanted[existing.name].resolve():
            existing.unlink()
    for name, jar in wanted.items():
        link = target / name
        if not link.exists():
            link.symlink_to(jar)


def prepare(settings: Settings, layout: Layout) -> None:
    paths = FlinkPaths(layout)
    paths.make_dirs()
    home = flink_home()
    connectors = sorted(paths.connector_jars.glob("*.jar"))
    if not connectors:
        raise RuntimeError(f"no connector jars in {paths.connector_jars}: run `make bootstrap`")
    dist = sorted((home / "lib").glob("*.jar"))
    python_jar = sorted((home / "opt").glob("flink-python-*.jar"))
    # The TaskManager runs Python UDF operators, so flink-python joins the cluster classpath;
    # PyFlink clients add it themselves from opt/.
    link_jars(paths.lib, dist + python_jar + connectors)
    link_jars(paths.client_lib, dist + connectors)
    (paths.conf / "config.yaml").write_text(render_yaml(config(settings, paths)))
    (paths.conf / "log4j-console.properties").write_text(LOG4J)
    (paths.conf / "log4j-cli.properties").write_text(LOG4J.replace("${sys:log.file}", str(paths.logs / "client.log")))


def environment(settings: Settings, layout: Layout) -> dict[str, str]:
    paths = FlinkPaths(layout)
    return {
        # With FLINK_HOME unset, PyFlink resets FLINK_LIB_DIR to its own lib folder.
        "FLINK_HOME": str(flink_home()),
        "FLINK_CONF_DIR": str(paths.conf),
        "FLINK_LIB_DIR": str(paths.lib),
        "FLINK_LOG_DIR": str(paths.logs),
        "FLINK_PID_DIR": str(paths.pids),
        "JAVA_HOME": str(Path(find_java()).resolve().parent.parent),
        # Python workers of UDFs import the job packages from the checkout.
        "PYTHONPATH": str(settings.home),
    }


def client_environment(settings: Settings, layout: Layout) -> dict[str, str]:
    """Environment of a process that plans and submits a job (needs the connectors to plan)."""
    paths = FlinkPaths(layout)
    return {**environment(settings, layout), "FLINK_LIB_DIR": str(paths.client_lib)}


def rest_ready(settings: Settings) -> bool:
    try:
        response = requests.get(f"{settings.flink.rest_url}/overview", timeout=3)
        return response.ok
    except requests.RequestException:
        return False


def taskmanager_ready(settings: Settings) -> bool:
    try:
        response = requests.get(f"{settings.flink.rest_url}/taskmanagers", timeout=3)
        return response.ok and len(response.json().get("taskmanagers", [])) > 0
    except (requests.RequestException, ValueError):
        return False


def services(settings: Settings, layout: Layout) -> list[Service]:
    bin_dir = flink_home() / "bin"
    env = environment(settings, layout)
    return [
        Service(
            name="flink-jobmanager",
            command=[str(bin_dir / "jobmanager.sh"), "start-foreground"],
            port=settings.flink.port,  # REST and Web UI; the RPC port follows jobmanager_rpc_port
            port_setting="HOSPITAL_FLINK__REST_URL",
            ready=lambda: rest_ready(settings),
            prepare=lambda: prepare(settings, layout),
            env=env,
            directory=settings.home,
            start_timeout=120.0,
        ),
        Service(
            name="flink-taskmanager",
            command=[str(bin_dir / "taskmanager.sh"), "start-foreground"],
            port=settings.flink.taskmanager_rpc_port,
            port_setting="HOSPITAL_FLINK__TASKMANAGER_RPC_PORT",
            ready=lambda: taskmanager_ready(settings),
            env=env,
            directory=settings.home,
            start_timeout=120.0,
        ),
    ]



def up_step(settings: Settings, progress) -> None:
    """`hospital up`: analytics tables, then the jobs (each submitted once, resumed from its last checkpoint)."""
    from flink_jobs import deploy

    deploy.up(settings, progress)


def status(settings: Settings) -> dict:
    """`hospital status`: job states and dead-letter counts."""
    from flink_jobs import monitor

    return monitor.report(settings)
