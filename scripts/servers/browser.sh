#!/usr/bin/env bash
# Headless Chromium and its driver for the console's browser test (Debian packages, no downloads
# by Selenium Manager): installed once when /usr/bin/chromedriver is missing. Runs as root in CI.
set -uo pipefail
[ "${1:-start}" = start ] || exit 0
[ -x /usr/bin/chromedriver ] && [ -x /usr/bin/chromium ] && exit 0
echo "test-servers: installing chromium and chromium-driver"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null && apt-get install -y -qq chromium chromium-driver >/dev/null || {
  echo "test-servers: could not install chromium/chromium-driver" >&2
  exit 1
}
