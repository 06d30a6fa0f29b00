#!/usr/bin/env bash
# make bench: the seed's two hey runs plus GET of one payment and GET /health, against the local
# profile on a spare port with a fresh var dir; writes docs/benchmarks.md. Bounded: 6,000 requests.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
PY="$ROOT/.venv/bin/python"
# The source tree's containers.py, not the copy an editable install leaves in site-packages.
export PYTHONPATH="$ROOT:$ROOT/src"
[ -x "$ROOT/.venv/bin/factory-service" ] || make install >/dev/null

if ! command -v hey >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    apt-get install -y hey >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y hey >/dev/null; }
  else
    echo "bench: hey is missing; install it with: sudo apt-get install -y hey" >&2; exit 1
  fi
fi

WORK="$(mktemp -d)"
PORT="$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
BASE="http://127.0.0.1:$PORT"
mkdir -p "$WORK/var"
# A fresh var/ has no schema: migrate it as `make run` does, or every write answers 500.
(cd "$WORK" && DATABASE_URL="sqlite+aiosqlite:///$WORK/var/factory.db" \
  SQLITE_URL="sqlite+aiosqlite:///$WORK/var/factory.db" \
  "$ROOT/.venv/bin/factory-service" migrate --profile local >/dev/null)
# The limiter stays on (its cost is part of every request) with a budget the run cannot reach.
(cd "$WORK" && DATABASE_URL="sqlite+aiosqlite:///$WORK/var/factory.db" \
  SQLITE_URL="sqlite+aiosqlite:///$WORK/var/factory.db" RATE_LIMIT_REQUESTS=100000000 \
  exec "$ROOT/.venv/bin/factory-service" serve --profile local --host 127.0.0.1 --port "$PORT" \
  >"$WORK/server.log" 2>&1) &
SERVER=$!
trap 'kill -TERM $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT

for _ in $(seq 1 100); do
  curl -fsS "$BASE/health" >/dev/null 2>&1 && break
  kill -0 $SERVER 2>/dev/null || { cat "$WORK/server.log" >&2; exit 1; }
  sleep 0.2
done

JSON="Content-Type: application/json"
PAYMENT='{"user_id":"user123","amount":100.50,"currency":"USD","payment_method":"stripe"}'
NOTIFICATION='{"recipient":"user@example.com","subject":"Test","message":"Test message","channel":"email"}'

hey -n 200 -c 10 "$BASE/health" >/dev/null  # warm-up, not reported
echo "bench: POST /api/v1/payments" >&2
hey -n 1000 -c 10 -m POST -H "$JSON" -d "$PAYMENT" "$BASE/api/v1/payments" >"$WORK/1-post-payments.txt"
echo "bench: POST /api/v1/notifications" >&2
hey -n 1000 -c 10 -m POST -H "$JSON" -d "$NOTIFICATION" "$BASE/api/v1/notifications" >"$WORK/2-post-notifications.txt"
PAYMENT_ID="$(curl -sS -X POST -H "$JSON" -d "$PAYMENT" "$BASE/api/v1/payments" | "$PY" -c \
  'import json,sys
try: body = json.load(sys.stdin)
except ValueError: body = {}
print(body.get("id") or body.get("payment_id") or "no-payment-created") if isinstance(body, dict) else print("no-payment-created")')"
echo "bench: GET /api/v1/payments/{id}" >&2
hey -n 2000 -c 10 "$BASE/api/v1/payments/$PAYMENT_ID" >"$WORK/3-get-payment.txt"
echo "bench: GET /health" >&2
hey -n 2000 -c 10 "$BASE/health" >"$WORK/4-get-health.txt"

mkdir -p docs
"$PY" scripts/bench_report.py "$WORK" "$PAYMENT_ID" >docs/benchmarks.md
cat docs/benchmarks.md
