#!/usr/bin/env bash
# schemathesis (from PyPI) against a live server on loopback, with api/openapi.yaml: every
# generated request must get no 5xx and a response that conforms to the spec (status code,
# content type, schema). Runs as an administrator so operations get past authentication; logout
# is left out, since it would revoke that token and leave every later request a 401.
# Bounded: --max-examples per operation (SCHEMATHESIS_MAX_EXAMPLES, default 20), 10 min at most.
# Usage: scripts/schemathesis.sh PATH/TO/peerhours
set -euo pipefail
binary=$(realpath "$1")
here=$(cd "$(dirname "$0")/.." && pwd)
venv="${SCHEMATHESIS_VENV:-$here/.venv-schemathesis}"
# CPython before 3.11.8 can raise "SystemError: AST constructor recursion depth mismatch" inside
# hypothesis while it describes a strategy (CPython gh-106905): schemathesis then reports a
# runtime error that is not the server's. Prefer an interpreter without the bug when there is one.
fixed() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11, 8) else 1)' 2>/dev/null; }
python=python3
for candidate in python3.13 python3.12 "$(command -v pyenv >/dev/null && pyenv root || echo "$HOME/.pyenv")"/versions/3.1[2-9]*/bin/python3 python3; do
  if command -v "$candidate" >/dev/null 2>&1 && fixed "$candidate"; then python=$candidate; break; fi
done
if [ -x "$venv/bin/python" ] && ! fixed "$venv/bin/python" && fixed "$python"; then rm -rf "$venv"; fi
if [ ! -x "$venv/bin/schemathesis" ]; then
  "$python" -m venv "$venv"
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
  --header "Authorization: Bearer $session" --exclude-operation-id logout \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --phases coverage,fuzzing,stateful --max-examples "${SCHEMATHESIS_MAX_EXAMPLES:-20}" --workers 2 --seed 1
