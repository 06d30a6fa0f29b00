#!/usr/bin/env bash
# The machine's own servers: MariaDB, PostgreSQL and Redis at their default ports.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
[ "${1:-start}" = start ] || exit 0
status=0
ensure mariadb 3306 "start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd" || status=1
ensure postgresql 5432 "pg_ctlcluster --skip-systemctl-redirect \$(ls /etc/postgresql) main start" || status=1
ensure redis 6379 "redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save '' --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log" || status=1
exit $status
