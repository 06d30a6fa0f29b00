#!/usr/bin/env bash
# make bench: for each engine (SQLite on the local profile, then PostgreSQL and MariaDB where the
# machine has them), start the service on a spare port with a fresh database, measure it with
# scripts/bench_measure.py, and write docs/benchmarks.md plus docs/benchmarks.png.
#   BENCH_ENGINES="sqlite postgresql mysql"  which engines (default: all three)
#   BENCH_LABEL=after                        results go to docs/bench/<label>-<engine>.json
#   BENCH_APP_ROOT=<tree>                    the code under test (default: this tree); the
#                                            "before" rows were measured with main's tree here
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
APP="${BENCH_APP_ROOT:-$ROOT}"
LABEL="${BENCH_LABEL:-after}"
ENGINES="${BENCH_ENGINES:-sqlite postgresql mysql}"
PY="$ROOT/.venv/bin/python"
[ -x "$ROOT/.venv/bin/factory-service" ] || make install >/dev/null
# The chart needs the bench extra (matplotlib); without it the tables are still written.
"$PY" -c "import matplotlib" 2>/dev/null || "$ROOT/.venv/bin/pip" install -q -e "$ROOT[bench]" >/dev/null 2>&1 || true

for tool in hey curl; do
  if ! command -v "$tool" >/dev/null; then
    if [ "$(id -u)" = 0 ]; then
      apt-get install -y "$tool" >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y "$tool" >/dev/null; }
    else
      echo "bench: $tool is missing; install it with: sudo apt-get install -y $tool" >&2; exit 1
    fi
  fi
done

WORK="$(mktemp -d)"
SERVER=""
DROP=""
cleanup() {
  [ -n "$SERVER" ] && { kill -TERM "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null || true; }
  [ -n "$DROP" ] && eval "$DROP" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
mkdir -p docs/bench

for ENGINE in $ENGINES; do
  NAME="fs_bench_$(date +%s)_$$"
  case "$ENGINE" in
    sqlite) URL="sqlite+aiosqlite:///$WORK/$ENGINE/var/factory.db" ;;
    postgresql)
      pg_isready -h 127.0.0.1 -q 2>/dev/null || { echo "bench: no PostgreSQL, skipped" >&2; continue; }
      psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $NAME" >/dev/null
      DROP="psql -h 127.0.0.1 -U postgres -qc 'DROP DATABASE $NAME WITH (FORCE)'"
      URL="postgresql+asyncpg://postgres@127.0.0.1:5432/$NAME" ;;
    mysql)
      mysql -h 127.0.0.1 -uroot -e "SELECT 1" >/dev/null 2>&1 || { echo "bench: no MariaDB, skipped" >&2; continue; }
      mysql -h 127.0.0.1 -uroot -e "CREATE DATABASE $NAME"
      DROP="mysql -h 127.0.0.1 -uroot -e 'DROP DATABASE $NAME'"
      URL="mysql+aiomysql://root:@127.0.0.1:3306/$NAME" ;;
    *) echo "bench: unknown engine $ENGINE" >&2; exit 1 ;;
  esac
  # The local profile with the transactional (and analytics) store on ENGINE.
  mkdir -p "$WORK/$ENGINE/var"
  cp -r "$APP/configs" "$WORK/$ENGINE/configs"
  sed -i "s/^  kind: sqlite/  kind: $ENGINE/" "$WORK/$ENGINE/configs/local.yaml"
  export APP_CONFIG_DIR="$WORK/$ENGINE/configs" DATABASE_URL="$URL" SQLITE_URL="$URL" \
    PYTHONPATH="$APP:$APP/src" RATE_LIMIT_REQUESTS=100000000
  (cd "$WORK/$ENGINE" && "$APP/.venv/bin/factory-service" migrate --profile local >/dev/null)
  PORT="$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  (cd "$WORK/$ENGINE" && exec "$APP/.venv/bin/factory-service" serve --profile local --host 127.0.0.1 --port "$PORT" \
    >"$WORK/$ENGINE/server.log" 2>&1) &
  SERVER=$!
  for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
    kill -0 $SERVER 2>/dev/null || { cat "$WORK/$ENGINE/server.log" >&2; exit 1; }
    sleep 0.2
  done
  echo "bench: $ENGINE ($LABEL)" >&2
  PYTHONPATH="" "$PY" scripts/bench_measure.py "http://127.0.0.1:$PORT" "$SERVER" "$URL" "docs/bench/$LABEL-$ENGINE.json"
  kill -TERM $SERVER; wait $SERVER 2>/dev/null || true
  SERVER=""
  [ -n "$DROP" ] && { eval "$DROP" >/dev/null 2>&1 || true; DROP=""; }
done
unset APP_CONFIG_DIR DATABASE_URL SQLITE_URL

"$PY" scripts/bench_report.py docs/bench docs/benchmarks.png >docs/benchmarks.md
cat docs/benchmarks.md
