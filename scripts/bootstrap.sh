#!/usr/bin/env bash
# Idempotent set-up of a fresh machine: system packages, the Python venv, the JVM jars.
# Every step is skipped when its inputs have not changed (stamp files under .local/stamps);
# downloads are cached by apt, pip (~/.cache/pip) and Maven (~/.m2).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
STAMPS="$ROOT/.local/stamps"
mkdir -p "$STAMPS"
PY="${PYTHON:-python3}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

step() { printf '\n==> %s\n' "$*"; }
stamp_ok() { [ -f "$STAMPS/$1" ] && [ "$(cat "$STAMPS/$1")" = "$2" ]; }
hash_of() { cat "$@" | sha256sum | cut -c1-16; }

need_apt=()
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need_apt+=(postgresql postgresql-contrib)
if ! command -v java >/dev/null 2>&1 || ! java -version 2>&1 | grep -Eq 'version "(1[7-9]|2[0-9])'; then
  need_apt+=(openjdk-17-jre-headless)
fi
command -v mvn >/dev/null 2>&1 || need_apt+=(maven)
if [ ${#need_apt[@]} -gt 0 ]; then
  step "installing system packages: ${need_apt[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
else
  step "system packages present (postgresql, java 17+, maven)"
fi

py_hash=$(hash_of pyproject.toml)
if [ -x .venv/bin/python ] && stamp_ok venv "$py_hash"; then
  step "python venv up to date"
else
  step "python venv (.venv) with the project and its dependencies"
  [ -x .venv/bin/python ] || "$PY" -m venv .venv
  .venv/bin/pip install -q --upgrade pip
  .venv/bin/pip install -q -e ".[dev]"
  echo "$py_hash" > "$STAMPS/venv"
fi

jvm_hash=$(hash_of jvm/pom.xml jvm/*/pom.xml)
if [ -d .local/jvm/kafka ] && stamp_ok jvm "$jvm_hash"; then
  step "JVM jars up to date"
else
  step "JVM jars from Maven Central (Kafka, Connect, Debezium, Flink connectors)"
  rm -rf .local/jvm
  mvn -B -q -f jvm/pom.xml package -Djvm.out="$ROOT/.local/jvm"
  echo "$jvm_hash" > "$STAMPS/jvm"
fi

for extra in scripts/install_*.sh; do
  [ -f "$extra" ] || continue
  step "$(basename "$extra" .sh)"
  bash "$extra"
done

step "bootstrap done"
