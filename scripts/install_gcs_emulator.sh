#!/usr/bin/env bash
# Install the local GCS API emulator (fake-gcs-server) into .local/bin for the lake tests.
# Idempotent: skipped when the pinned version is already installed. The Go build cache
# and module cache (~/.cache/go-build, ~/go/pkg/mod) make a reinstall fast.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION="v1.56.1"  # pinned; the lake tests run against this version
BIN="$PWD/.local/bin"
STAMP="$PWD/.local/stamps/gcs_emulator"

if [ -x "$BIN/fake-gcs-server" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$VERSION" ]; then
  echo "fake-gcs-server $VERSION present"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  [ -x /usr/local/go/bin/go ] && PATH="/usr/local/go/bin:$PATH" || {
    echo "error: Go is needed to build the GCS emulator (fake-gcs-server); install Go 1.22+ and rerun" >&2
    exit 1
  }
fi
mkdir -p "$BIN" "$(dirname "$STAMP")"
echo "building fake-gcs-server $VERSION with $(go version)"
GOBIN="$BIN" CGO_ENABLED=0 go install "github.com/fsouza/fake-gcs-server@$VERSION"
echo "$VERSION" > "$STAMP"
echo "fake-gcs-server installed at $BIN/fake-gcs-server"
