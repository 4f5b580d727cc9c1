#!/usr/bin/env bash
# Runs every test: unit and integration tests on SQLite, the integration tests again on
# PostgreSQL, the OpenAPI drift check (part of both), schemathesis over the OpenAPI document
# (scripts/schemathesis.sh), and the browser e2e.
# Installs what it needs on first use (scripts/bootstrap.sh test).
#
#   TEST_DATABASE_URL   PostgreSQL admin URL (default postgres://postgres@127.0.0.1:5432/postgres);
#                       the tests create and drop their own databases there.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
step() { printf '\n\033[1;32m==> %s\033[0m\n' "$*"; }

eval "$(scripts/bootstrap.sh test)"

PG_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
pg_hostport="$(printf '%s' "$PG_URL" | sed -E 's#^[a-z]+://([^@/]*@)?([^/?]+).*#\2#')"
pg_host="${pg_hostport%:*}"; pg_port="${pg_hostport##*:}"; [ "$pg_port" = "$pg_hostport" ] && pg_port=5432
pg_up() { (exec 3<>"/dev/tcp/$pg_host/$pg_port") 2>/dev/null; }
if ! pg_up && command -v pg_ctlcluster >/dev/null && [ "$pg_host" = "127.0.0.1" ]; then
  step "PostgreSQL is down; starting the local cluster"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  for _ in $(seq 1 50); do pg_up && break; sleep 0.2; done
fi
if ! pg_up; then
  echo "PostgreSQL is unreachable at $pg_host:$pg_port (TEST_DATABASE_URL). The PostgreSQL tests are" >&2
  echo "part of the suite and are not skipped: start it, e.g." >&2
  echo "  pg_ctlcluster --skip-systemctl-redirect \$(ls /etc/postgresql) main start" >&2
  exit 1
fi

step "unit and integration tests on SQLite"
# The host crates and the SPA are tested in separate invocations: together, cargo would unify
# their dependency features and rebuild everything the server shares with the SPA.
(unset TEST_DATABASE_URL; cargo test --quiet)
step "SPA unit tests (host)"
cargo test --quiet -p frontend

step "integration tests on PostgreSQL"
TEST_DATABASE_URL="$PG_URL" cargo test --quiet -p server --test api

step "the OpenAPI document against the server (schemathesis, every check and phase)"
cargo build --quiet -p server --bin oncocenter
export ONCOCENTER_BIN="${CARGO_TARGET_DIR:-$ROOT/target}/debug/oncocenter"
scripts/schemathesis.sh

step "browser e2e (headless Chromium)"
scripts/build-spa.sh
echo "Screenshots go to e2e/artifacts/ (390 and 1280 px wide)."
# Last, so the test runner's summary closes the output.
(cd e2e && node --test --test-concurrency=1 tests/)
