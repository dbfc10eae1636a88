"""Register the Debezium connector idempotently and report its state."""

from __future__ import annotations

import json
import time
from pathlib import Path

import requests

from hospital.errors import ConnectorError
from hospital.settings import REPO_ROOT, Settings

CONNECTOR_FILE = REPO_ROOT / "connectors" / "hospital-postgres.json"


def load_config(settings: Settings, path: Path = CONNECTOR_FILE) -> dict[str, str]:
    """The versioned JSON with the connection fields taken from the settings."""
    config = json.loads(path.read_text())
    pg = settings.postgres
    config.update({
        "database.hostname": settings.connect.database_host or pg.host,
        "database.port": str(settings.connect.database_port or pg.port),
        "database.dbname": pg.database,
        "database.user": pg.replication_user,
        "slot.name": pg.slot,
        "publication.name": pg.publication,
        "topic.prefix": settings.kafka.topic_prefix,
    })
    return config


def validate(settings: Settings, config: dict[str, str]) -> None:
    """Ask Connect to validate; raise one line per failing key."""
    url = f"{settings.connect.url}/connector-plugins/{config['connector.class']}/config/validate"
    response = _request("PUT", url, settings, json={**config, "name": settings.connect.connector_name})
    body = response.json()
    if body.get("error_count", 0) == 0:
        return
    problems = []
    for item in body.get("configs", []):
        value = item.get("value", {})
        for error in value.get("errors", []):
            problems.append(f"{value.get('name')}: {error}")
    raise ConnectorError("connector config rejected: " + "; ".join(problems))


def register(settings: Settings, config: dict[str, str] | None = None, timeout: float = 90) -> dict:
    """PUT the config (create or update) and wait until connector and task are RUNNING."""
    config = config or load_config(settings)
    validate(settings, config)
    name = settings.connect.connector_name
    _request("PUT", f"{settings.connect.url}/connectors/{name}/config", settings, json=config)
    return wait_running(settings, timeout)


def status(settings: Settings) -> dict | None:
    name = settings.connect.connector_name
    try:
        response = requests.get(f"{settings.connect.url}/connectors/{name}/status", timeout=5)
    except requests.RequestException:
        return None
    return response.json() if response.ok else None


def wait_running(settings: Settings, timeout: float = 90) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        state = status(settings)
        if state:
            failed = _failure(state)
            if failed:
                raise ConnectorError(failed)
            tasks = state.get("tasks", [])
            if state["connector"]["state"] == "RUNNING" and tasks and all(t["state"] == "RUNNING" for t in tasks):
                return state
        if time.monotonic() > deadline:
            raise ConnectorError(f"connector {settings.connect.connector_name} not RUNNING after {timeout:.0f}s: {state}")
        time.sleep(0.5)


def restart(settings: Settings) -> None:
    name = settings.connect.connector_name
    _request("POST", f"{settings.connect.url}/connectors/{name}/restart?includeTasks=true&onlyFailed=false", settings)


def delete(settings: Settings) -> None:
    name = settings.connect.connector_name
    try:
        requests.delete(f"{settings.connect.url}/connectors/{name}", timeout=10)
    except requests.RequestException:
        pass


def _failure(state: dict) -> str | None:
    for part in [state["connector"], *state.get("tasks", [])]:
        if part["state"] == "FAILED":
            trace = (part.get("trace") or "").strip().splitlines()
            first = next((line for line in trace if "Exception" in line), trace[0] if trace else "no trace")
            return f"connector {state['name']} FAILED: {first.strip()}"
    return None


def _request(method: str, url: str, settings: Settings, **kwargs) -> requests.Response:
    try:
        response = requests.request(method, url, timeout=60, **kwargs)
    except requests.RequestException as exc:
        raise ConnectorError(f"Kafka Connect at {settings.connect.url} is not reachable ({exc.__class__.__name__}); is `hospital up` running?") from None
    if response.status_code >= 400:
        try:
            message = response.json().get("message", response.text)
        except ValueError:
            message = response.text
        raise ConnectorError(f"Kafka Connect refused {method} {url.split(settings.connect.url)[-1]}: {message.strip()[:500]}")
    return response
