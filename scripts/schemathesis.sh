#!/usr/bin/env bash
# Property-based fuzzing of the whole API from its own OpenAPI document (schemathesis, every
# check, every phase including the stateful one): the document must say what the server does.
#
# Starts the built server on a fresh temporary data dir and an ephemeral port, fills it with
# `oncocenter demo-seed`, gets access tokens for a patient (invited and accepted through the
# emailed link) and the staff roles, and runs schemathesis once per role against
# /api/openapi.json. Settings, time bounds and every exclusion (with its reason) are in
# scripts/schemathesis.toml; how to generate the document's own string formats is in
# scripts/schemathesis_hooks.py. Exits non-zero on any failure.
#
#   ONCOCENTER_BIN     the server binary (default $CARGO_TARGET_DIR/debug/oncocenter)
#   FUZZ_ROLES         roles to run as (default "patient doctor organizer"; also: assistant, operator)
#   FUZZ_REPORT_DIR    where the JUnit reports go (default: the temporary data dir, removed)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${ONCOCENTER_BIN:-${CARGO_TARGET_DIR:-$ROOT/target}/debug/oncocenter}"
ROLES="${FUZZ_ROLES:-patient doctor organizer}"
[ -x "$BIN" ] || { echo "no server binary at $BIN: cargo build -p server --bin oncocenter" >&2; exit 1; }
command -v schemathesis >/dev/null || eval "$("$ROOT/scripts/bootstrap.sh" test)"

DATA="$(mktemp -d "${TMPDIR:-/tmp}/oncocenter-fuzz-XXXXXX")"
REPORTS="${FUZZ_REPORT_DIR:-$DATA/reports}"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$DATA"
}
trap cleanup EXIT

# The SQLite database in the data dir; the folder mailer writes to $DATA/outbox; no SPA (API only).
export ONCOCENTER_DATA_DIR="$DATA" ONCOCENTER_BIND=127.0.0.1:0 ONCOCENTER_SPA_DIR="$DATA/no-spa"
unset ONCOCENTER_DATABASE_URL ONCOCENTER_SMTP_URL ONCOCENTER_BASE_URL ONCOCENTER_ENV
"$BIN" demo-seed >"$DATA/seed.txt"
PASSWORD="$(sed -nE 's/.*password `([^`]+)`.*/\1/p' "$DATA/seed.txt")"
[ -n "$PASSWORD" ] || { echo "demo-seed printed no password:" >&2; cat "$DATA/seed.txt" >&2; exit 1; }

"$BIN" serve >"$DATA/server.log" 2>&1 &
SERVER_PID=$!
URL=""
for _ in $(seq 1 300); do
  URL="$(sed -nE 's#.*listening on (https?://[^[:space:]"]+).*#\1#p' "$DATA/server.log" | head -n1)"
  [ -n "$URL" ] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "the server exited:" >&2; cat "$DATA/server.log" >&2; exit 1; }
  sleep 0.2
done
[ -n "$URL" ] || { echo "the server printed no 'listening on' line:" >&2; cat "$DATA/server.log" >&2; exit 1; }
echo "fuzzing $URL/api/openapi.json as: $ROLES"

TOKENS="$(python3 "$ROOT/scripts/schemathesis_tokens.py" "$URL" "$DATA" "$PASSWORD")"
status=0
for role in $ROLES; do
  token="$(printf '%s\n' "$TOKENS" | sed -n "s/^${role^^}=//p")"
  [ -n "$token" ] || { echo "no token for $role" >&2; exit 1; }
  printf '\n\033[1m--- schemathesis as %s ---\033[0m\n' "$role"
  # Run from the data dir: schemathesis and hypothesis keep nothing in the clone.
  (cd "$DATA" && ONCOCENTER_FUZZ_TOKEN="$token" SCHEMATHESIS_HOOKS="$ROOT/scripts/schemathesis_hooks.py" schemathesis --config-file "$ROOT/scripts/schemathesis.toml" \
    run "$URL/api/openapi.json" --url "$URL" \
    --report junit --report-junit-path "$REPORTS/$role.xml") || status=1
done
if [ "$status" -ne 0 ]; then
  echo "schemathesis found failures; the server's log:" >&2
  tail -n 50 "$DATA/server.log" >&2
fi
exit "$status"
