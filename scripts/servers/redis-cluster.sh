#!/usr/bin/env bash
# Redis Cluster for tests: three masters, no replicas, on BASE, BASE+1 and BASE+2 (their cluster
# bus on port+10000), run by the machine's redis-server binary in cluster mode. No persistence:
# node configs live under var/redis-cluster-BASE/, which a stop removes.
# Usage: scripts/servers/redis-cluster.sh {start|stop|restart|status} [BASE]   (BASE default 7100)
set -uo pipefail
cd "$(dirname "$0")/../.."
source scripts/servers/lib.sh
action=${1:-start}
base=${2:-${REDIS_CLUSTER_TEST_PORT:-7100}}
ports=("$base" "$((base + 1))" "$((base + 2))")
dir=var/redis-cluster-$base

state_ok() { redis-cli -p "$1" cluster info 2>/dev/null | grep -q '^cluster_state:ok'; }

all_ok() {
  for port in "${ports[@]}"; do up "$port" && state_ok "$port" || return 1; done
}

start() {
  all_ok && return 0
  command -v redis-server >/dev/null || { echo "test-servers: redis-server is not installed" >&2; return 1; }
  mkdir -p "$dir"
  # A node left over from a broken cluster (one of its peers died, or was started by another
  # checkout that is gone) cannot join a new one: shut it down and build the cluster afresh.
  for port in "${ports[@]}"; do
    if up "$port" && ! state_ok "$port"; then
      echo "test-servers: redis-server on $port is not in a healthy cluster; restarting it"
      redis-cli -p "$port" shutdown nosave >/dev/null 2>&1
      for _ in $(seq 1 50); do up "$port" || break; sleep 0.1; done
    fi
  done
  for port in "${ports[@]}"; do
    up "$port" && continue
    echo "test-servers: starting redis-server (cluster mode) on $port"
    # A node that lost its config file forgets the cluster, so a restart starts from scratch.
    rm -f "$dir/nodes-$port.conf"
    setsid nohup redis-server --port "$port" --bind 127.0.0.1 --dir "$dir" \
      --cluster-enabled yes --cluster-config-file "nodes-$port.conf" --cluster-node-timeout 2000 \
      --save '' --appendonly no >"$dir/$port.log" 2>&1 </dev/null &
    echo $! >"$dir/$port.pid"
    wait_port "$port" "redis-server $port" || return 1
  done
  if ! state_ok "${ports[0]}"; then
    local nodes=(); for port in "${ports[@]}"; do nodes+=("127.0.0.1:$port"); done
    redis-cli --cluster create "${nodes[@]}" --cluster-replicas 0 --cluster-yes >"$dir/create.log" 2>&1 \
      || { echo "test-servers: redis-cli --cluster create failed (see $dir/create.log)" >&2; return 1; }
  fi
  for _ in $(seq 1 100); do all_ok && return 0; sleep 0.1; done
  echo "test-servers: redis cluster on ${ports[*]} did not reach cluster_state:ok" >&2
  return 1
}

stop() {
  for port in "${ports[@]}"; do
    local pidfile=$dir/$port.pid
    [ -f "$pidfile" ] || continue
    local pid; pid=$(cat "$pidfile")
    kill "$pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null
    rm -f "$pidfile"
  done
  rm -rf "$dir"
}

case $action in
  start) start ;;
  stop) stop ;;
  restart) stop && start ;;
  status) all_ok ;;
  *) echo "usage: $0 {start|stop|restart|status} [BASE]" >&2; exit 2 ;;
esac
