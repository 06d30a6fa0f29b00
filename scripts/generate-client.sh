#!/usr/bin/env bash
# Regenerate the Python client from the OpenAPI document: scripts/generate-client.sh OUTPUT_DIR
# The document is the one the local profile serves (`factory-service openapi export`).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:?output directory}"
bin="$here/.venv/bin"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
PATH="$bin:$PATH" PYTHONPATH="$here:$here/src" \
  "$bin/factory-service" openapi export --profile local --output "$work/served.json" 2>/dev/null
"$bin/python" "$here/scripts/client_document.py" <"$work/served.json" >"$work/openapi.json"
PATH="$bin:$PATH" "$bin/openapi-python-client" generate --path "$work/openapi.json" \
  --config "$here/clients/python-config.yaml" --meta pdm --output-path "$work/client" --overwrite >/dev/null
rm -rf "$work/client/.ruff_cache" "$out"
mkdir -p "$(dirname "$out")"
mv "$work/client" "$out"
