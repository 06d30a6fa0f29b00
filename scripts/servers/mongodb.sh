#!/usr/bin/env bash
# A MongoDB-wire server for the analytics tests: SecantusDB (GPL, so it lives in its own test-only
# virtualenv .test-venv/mongodb, never in the app's dependencies), in memory, on 127.0.0.1:27018.
set -uo pipefail
cd "$(dirname "$0")/../.."
source scripts/servers/lib.sh
[ "${1:-start}" = start ] || exit 0
PORT=${MONGODB_TEST_PORT:-27018}
VENV=.test-venv/mongodb
if ! up "$PORT" && [ ! -x "$VENV/bin/secantusd-py" ]; then
  echo "test-servers: installing secantusdb into $VENV"
  python3 -m venv "$VENV" && "$VENV/bin/pip" install -q "secantusdb==0.7.0b3" || exit 1
fi
mkdir -p var
ensure mongodb "$PORT" "nohup $VENV/bin/secantusd-py --host 127.0.0.1 --port $PORT --storage-path :memory: \
  >var/mongodb.log 2>&1 & echo \$! >var/mongodb.pid"
