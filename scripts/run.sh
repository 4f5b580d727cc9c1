#!/usr/bin/env bash
# Builds the SPA and the server, then runs OncoCenter on its embedded default:
# a SQLite file, emails as .eml files and the generated key, all in ./data.
# Installs what it needs on first use (scripts/bootstrap.sh).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

eval "$(scripts/bootstrap.sh run)"
scripts/build-spa.sh
cargo build --quiet -p server --bin oncocenter

TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
export ONCOCENTER_DATA_DIR="${ONCOCENTER_DATA_DIR:-$ROOT/data}"
export ONCOCENTER_SPA_DIR="${ONCOCENTER_SPA_DIR:-$ROOT/frontend/dist}"
echo "Data (database, outbox/ with every email sent, jwt.key): $ONCOCENTER_DATA_DIR"
# On first start, a demo organization to look around in (never in production).
if [ "${ONCOCENTER_ENV:-development}" != "production" ]; then
  "$TARGET/debug/oncocenter" demo-seed --if-empty
fi
exec "$TARGET/debug/oncocenter" serve
