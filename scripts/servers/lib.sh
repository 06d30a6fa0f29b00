# Shared helpers for scripts/servers/*.sh (sourced, not run).
up() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() {
  local port=$1 name=$2 tries=${3:-150}
  for _ in $(seq 1 "$tries"); do up "$port" && return 0; sleep 0.1; done
  echo "test-servers: $name did not open port $port" >&2
  return 1
}

# ensure NAME PORT COMMAND: run COMMAND when nothing listens on PORT, then wait for it.
ensure() {
  local name=$1 port=$2 start=$3
  if up "$port"; then return 0; fi
  echo "test-servers: starting $name on $port"
  bash -c "$start" >/dev/null 2>&1 || true
  wait_port "$port" "$name"
}
