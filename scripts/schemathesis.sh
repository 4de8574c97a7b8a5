#!/usr/bin/env bash
# schemathesis (from PyPI) against a live server on loopback, with api/openapi.yaml: every
# generated request must get no 5xx and a response that conforms to the spec (status code,
# content type, schema). Runs as an administrator so operations get past authentication.
# Bounded: --max-examples per operation (SCHEMATHESIS_MAX_EXAMPLES, default 20), 10 min at most.
# Usage: scripts/schemathesis.sh PATH/TO/peerhours
set -euo pipefail
binary=$(realpath "$1")
here=$(cd "$(dirname "$0")/.." && pwd)
venv="${SCHEMATHESIS_VENV:-$here/.venv-schemathesis}"
if [ ! -x "$venv/bin/schemathesis" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "schemathesis>=4,<5"
fi
data=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$binary" serve --data "$data" --port "$port" > "$data/serve.log" 2>&1 &
pid=$!
cleanup() { kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$data"; }
trap cleanup EXIT
for _ in $(seq 1 300); do
  curl -sf "http://127.0.0.1:$port/health" >/dev/null && break
  sleep 0.2
done
token=$(sed -n '/First start/{n;s/^ *//;p;q}' "$data/serve.log")
base="http://127.0.0.1:$port"
password="violet-harbour-lantern-42"
curl -sf -X POST "$base/auth/bootstrap" -H 'Content-Type: application/json' -d "{\"bootstrapToken\":\"$token\",\"email\":\"admin@example.org\",\"password\":\"$password\",\"profile\":{\"displayName\":\"Admin\",\"profession\":\"Lead\",\"organisation\":\"PeerHours\",\"careerStage\":\"mid\",\"languages\":[\"en\"]}}" >/dev/null
session=$(curl -sf -X POST "$base/auth/login" -H 'Content-Type: application/json' -d "{\"email\":\"admin@example.org\",\"password\":\"$password\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
timeout 600 "$venv/bin/schemathesis" run "$here/api/openapi.yaml" --url "$base" \
  --header "Authorization: Bearer $session" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --phases coverage,fuzzing,stateful --max-examples "${SCHEMATHESIS_MAX_EXAMPLES:-20}" --workers 2 --seed 1
