"""Submission by settings alone, the cluster's config, and which checkpoint a resubmission resumes."""

from __future__ import annotations

import os
import time

from flink_jobs import connectors
from flink_jobs.environment import remote_config
from flink_jobs.submit import FINGERPRINT, fingerprint, latest_checkpoint, record_fingerprint
from hospital.local.flink_cluster import FlinkPaths, config, render_yaml
from hospital.local.layout import Layout
from hospital.settings import Settings


def test_remote_cluster_by_settings_alone(tmp_path):
    settings = Settings(flink={"rest_url": "http://flink-jm:18081", "kafka_bootstrap_servers": "redpanda:29092",
                               "database_host": "postgres", "database_port": 5432},
                        postgres={"password": "x"})
    conf = remote_config(settings, "cdc_enrich", None, None)
    assert (conf["execution.target"], conf["rest.address"], conf["rest.port"]) == ("remote", "flink-jm", "18081")
    assert conf["pipeline.name"] == "cdc_enrich" and conf["execution.checkpointing.mode"] == "EXACTLY_ONCE"
    assert "execution.state-recovery.path" not in conf
    assert connectors.kafka_source(settings, ["t"], "g")["properties.bootstrap.servers"] == "redpanda:29092"
    assert connectors.jdbc_sink(settings, "x")["url"] == "jdbc:postgresql://postgres:5432/hospital_analytics"
    restored = remote_config(settings, "cdc_enrich", tmp_path / "ck", tmp_path / "ck" / "run" / "chk-3")
    assert restored["execution.state-recovery.path"].endswith("/ck/run/chk-3")
    assert restored["execution.checkpointing.dir"].endswith("/ck")


def test_cluster_config(tmp_path):
    settings = Settings(home=tmp_path, flink={"taskmanager_memory": "2g", "jobmanager_memory": "1g"})
    values = config(settings, FlinkPaths(Layout.of(settings)))
    assert values["taskmanager.memory.process.size"] == "2g" and values["jobmanager.memory.process.size"] == "1g"
    assert values["rest.port"] == "8081" and values["execution.checkpointing.mode"] == "EXACTLY_ONCE"
    assert values["execution.checkpointing.dir"].startswith("file:") and str(tmp_path) in values["execution.checkpointing.dir"]
    assert values["restart-strategy.type"] == "exponential-delay"
    assert 'rest.port: "8081"' in render_yaml(values)


def test_resume_only_from_checkpoints_of_the_same_plan(tmp_path):
    plan = fingerprint("cdc_enrich")
    assert plan == fingerprint("cdc_enrich") and plan != fingerprint("vitals")
    for run, run_plan in (("old", "something-else"), ("new", plan)):
        (tmp_path / run / "chk-1").mkdir(parents=True)
        (tmp_path / run / "chk-1" / "_metadata").write_text("x")
        record_fingerprint(tmp_path, run, run_plan)
        time.sleep(0.01)
    os.utime(tmp_path / "old" / "chk-1", None)  # the newest checkpoint belongs to the other plan
    assert latest_checkpoint(tmp_path, plan) == tmp_path / "new" / "chk-1"
    assert latest_checkpoint(tmp_path) == tmp_path / "old" / "chk-1"
    assert latest_checkpoint(tmp_path, "unknown") is None
    assert (tmp_path / "new" / FINGERPRINT).read_text().strip() == plan


def test_submission_does_not_inherit_a_disabled_gateway(monkeypatch, tmp_path):
    # What a process carries after running a Python UDF in a local mini cluster.
    from flink_jobs.submit import client_env

    monkeypatch.setenv("HOSPITAL_HOME", str(tmp_path))
    monkeypatch.setenv("PYFLINK_GATEWAY_DISABLED", "true")
    env = client_env(Settings())
    assert "PYFLINK_GATEWAY_DISABLED" not in env
    assert env["PYTHONPATH"].split(os.pathsep)[0]
