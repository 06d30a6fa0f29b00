#!/usr/bin/env bash
# promtool for `make test`'s check of deploy/prometheus/alerts.yml (the Debian `prometheus`
# package, no downloads from elsewhere): installed once when it is missing. Runs as root in CI.
set -uo pipefail
[ "${1:-start}" = start ] || exit 0
command -v promtool >/dev/null && exit 0
echo "test-servers: installing prometheus (for promtool)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends prometheus >/dev/null || {
  echo "test-servers: could not install prometheus (promtool)" >&2
  exit 1
}
