#!/usr/bin/env bash
# Runs the browser e2e against the real server. Needs: the server binary
# (cargo build -p server --bin oncocenter), the SPA (scripts/build-spa.sh), chromium and the
# npm packages (scripts/bootstrap.sh test).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
[ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error
exec node --test --test-concurrency=2 tests/
