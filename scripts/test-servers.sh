#!/usr/bin/env bash
# Start every server the tests need that is not running: each scripts/servers/NAME.sh knows one.
# Usage: scripts/test-servers.sh start
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
for server in scripts/servers/*.sh; do
  [ "$(basename "$server")" = lib.sh ] && continue
  bash "$server" "${1:-start}" || { echo "test-servers: $server failed" >&2; status=1; }
done
exit $status
