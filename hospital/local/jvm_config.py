"""Java command lines and log configuration shared by the JVM services."""

from __future__ import annotations

from pathlib import Path

from hospital.local.layout import Layout, find_java

LOG4J2 = """\
status = warn
appender.console.type = Console
appender.console.name = STDOUT
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c{1})%n
rootLogger.level = info
rootLogger.appenderRef.stdout.ref = STDOUT
logger.kafka.name = kafka
logger.kafka.level = warn
logger.state.name = state.change.logger
logger.state.level = warn
logger.clients.name = org.apache.kafka.clients
logger.clients.level = warn
logger.reflections.name = org.reflections
logger.reflections.level = error
"""


def classpath(layout: Layout, directory: str) -> str:
    return str(layout.jvm / directory / "*")


def write_log4j(path: Path) -> None:
    path.write_text(LOG4J2)


def java_command(layout: Layout, log4j: Path, *, heap: str, main: str, args: list[str], classpath_dir: str) -> list[str]:
    return [
        find_java(), f"-Xms{heap}", f"-Xmx{heap}", "-XX:+UseG1GC", "-Djava.awt.headless=true",
        f"-Dlog4j2.configurationFile={log4j}", "-cp", classpath(layout, classpath_dir), main, *args,
    ]
