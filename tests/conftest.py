"""Shared fixtures. Integration and e2e tests run against the real local stack.

The `stack` fixture runs the same code as `hospital up` (idempotent). If the stack was
not running when the session began, it is stopped again at the end, in `finally`.
On a failing integration/e2e test the last lines of every service log are attached
to the report.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from hospital.settings import get_settings


@pytest.fixture(scope="session")
def settings():
    return get_settings()


@pytest.fixture(scope="session")
def stack(settings):
    from hospital.local import stack as local_stack
    from hospital.local.layout import Layout
    from hospital.local.supervisor import Supervisor

    was_running = Supervisor(Layout.of(settings)).running()
    try:
        local_stack.up(settings, progress=lambda line: print(f"[stack] {line}"))
        yield settings
    finally:
        if not was_running and not os.environ.get("HOSPITAL_KEEP_STACK"):
            local_stack.down(settings, progress=lambda line: print(f"[stack] {line}"))


@pytest.fixture
def unique():
    """A short token that makes names (topics, groups, markers) unique per test run."""
    return uuid.uuid4().hex[:10]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed:
        return
    if not any(part in ("integration", "e2e") for part in Path(str(item.fspath)).parts):
        return
    from hospital.local.services import tail

    logs = get_settings().local_dir / "logs"
    for log in sorted(logs.glob("*.log")) if logs.exists() else []:
        report.sections.append((f"service log {log.name} (last 30 lines)", tail(log, 30)))
