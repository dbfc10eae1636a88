"""supervisord runs the local services: one daemon, one program per service, logs under .local/logs."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import time
import xmlrpc.client
from pathlib import Path

from supervisor.xmlrpc import SupervisorTransport

from hospital.errors import ServiceError
from hospital.local.layout import Layout
from hospital.local.services import Service

DEAD_STATES = {"FATAL", "EXITED", "STOPPED", "UNKNOWN"}


class Supervisor:
    def __init__(self, layout: Layout):
        self.layout = layout
        self.conf = layout.conf / "supervisord.conf"
        self.socket = layout.run / "supervisor.sock"

    # -- configuration -------------------------------------------------
    def render(self, services: list[Service]) -> str:
        lines = [
            "[unix_http_server]", f"file={self.socket}", "chmod=0700", "",
            "[supervisord]", f"logfile={self.layout.logs / 'supervisord.log'}",
            f"pidfile={self.layout.run / 'supervisord.pid'}", f"childlogdir={self.layout.logs}",
            "logfile_maxbytes=10MB", "loglevel=info", "",
            "[rpcinterface:supervisor]",
            "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface", "",
            "[supervisorctl]", f"serverurl=unix://{self.socket}", "",
        ]
        for svc in services:
            lines += [
                f"[program:{svc.name}]",
                "command=" + _escape(" ".join(shlex.quote(part) for part in svc.command)),
                "autostart=false",
                "autorestart=unexpected",
                "startsecs=3",
                "startretries=2",
                f"stopsignal={svc.stop_signal}",
                f"stopwaitsecs={svc.stop_wait}",
                "stopasgroup=true",
                "killasgroup=true",
                "redirect_stderr=true",
                f"stdout_logfile={self.layout.log(svc.name)}",
                "stdout_logfile_maxbytes=50MB",
                "stdout_logfile_backups=2",
            ]
            if svc.user:
                lines.append(f"user={svc.user}")
            if svc.directory:
                lines.append(f"directory={svc.directory}")
            if svc.env:
                env = ",".join(f'{k}="{_escape(v)}"' for k, v in svc.env.items())
                lines.append(f"environment={env}")
            lines.append("")
        return "\n".join(lines)

    def write_config(self, services: list[Service]) -> bool:
        """Write the config; True when it changed."""
        self.layout.make_dirs()
        text = self.render(services)
        if self.conf.exists() and self.conf.read_text() == text:
            return False
        self.conf.write_text(text)
        return True

    # -- daemon --------------------------------------------------------
    def rpc(self):
        transport = SupervisorTransport(None, None, f"unix://{self.socket}")
        return xmlrpc.client.ServerProxy("http://127.0.0.1", transport=transport).supervisor

    def running(self) -> bool:
        if not self.socket.exists():
            return False
        try:
            return self.rpc().getState()["statename"] == "RUNNING"
        except (OSError, xmlrpc.client.Fault):
            return False

    def ensure_running(self, env: dict[str, str], config_changed: bool) -> None:
        """Start supervisord (with secrets in its environment, never in its config file)."""
        if self.running():
            if config_changed:
                self._apply_config_changes()
            return
        self.socket.unlink(missing_ok=True)
        supervisord = str(Path(sys.executable).parent / "supervisord")
        result = subprocess.run([supervisord, "-c", str(self.conf)], env={**os.environ, **env},
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise ServiceError(f"supervisord failed to start: {result.stderr.strip() or result.stdout.strip()}")
        deadline = time.monotonic() + 15
        while not self.running():
            if time.monotonic() > deadline:
                raise ServiceError(f"supervisord did not come up; see {self.layout.logs / 'supervisord.log'}")
            time.sleep(0.2)

    def _apply_config_changes(self) -> None:
        rpc = self.rpc()
        added, changed, removed = rpc.reloadConfig()[0]
        for name in changed + removed:
            if self.state(name) not in DEAD_STATES:
                rpc.stopProcess(name, True)
            rpc.removeProcessGroup(name)
        for name in changed + added:
            rpc.addProcessGroup(name)

    def shutdown(self) -> None:
        if self.running():
            self.rpc().shutdown()
            deadline = time.monotonic() + 30
            while self.socket.exists() and time.monotonic() < deadline:
                time.sleep(0.2)

    # -- programs ------------------------------------------------------
    def state(self, name: str) -> str:
        try:
            return self.rpc().getProcessInfo(name)["statename"]
        except (OSError, xmlrpc.client.Fault):
            return "UNKNOWN"

    def info(self, name: str) -> dict:
        try:
            return self.rpc().getProcessInfo(name)
        except (OSError, xmlrpc.client.Fault):
            return {"statename": "UNKNOWN", "pid": 0, "description": "supervisor not running"}

    def start(self, name: str) -> None:
        try:
            self.rpc().startProcess(name, False)
        except xmlrpc.client.Fault as fault:
            if "ALREADY_STARTED" not in fault.faultString:
                raise ServiceError(f"could not start {name}: {fault.faultString}") from None

    def stop(self, name: str) -> None:
        try:
            self.rpc().stopProcess(name, True)
        except xmlrpc.client.Fault as fault:
            if "NOT_RUNNING" not in fault.faultString and "BAD_NAME" not in fault.faultString:
                raise ServiceError(f"could not stop {name}: {fault.faultString}") from None
        except OSError:
            pass


def _escape(text: str) -> str:
    # supervisord expands %(name)s in its config; literal percent signs must be doubled.
    return text.replace("%", "%%")
