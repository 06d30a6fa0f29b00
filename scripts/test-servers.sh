#!/usr/bin/env bash
# Start the servers the tests need when they are not running: MariaDB, PostgreSQL, Redis.
# Usage: scripts/test-servers.sh start
set -uo pipefail
cd "$(dirname "$0")/.."

up() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() {
  local port=$1 name=$2
  for _ in $(seq 1 100); do up "$port" && return 0; sleep 0.1; done
  echo "test-servers: $name did not open port $port" >&2
  return 1
}

ensure() {
  local name=$1 port=$2 start=$3
  if up "$port"; then return 0; fi
  echo "test-servers: starting $name"
  bash -c "$start" >/dev/null 2>&1 || true
  wait_port "$port" "$name"
}

case "${1:-start}" in
  start)
    status=0
    ensure mariadb 3306 "start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd" || status=1
    ensure postgresql 5432 "pg_ctlcluster --skip-systemctl-redirect \$(ls /etc/postgresql) main start" || status=1
    ensure redis 6379 "redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save '' --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log" || status=1
    exit $status
    ;;
  *) echo "usage: $0 start" >&2; exit 2 ;;
esac
