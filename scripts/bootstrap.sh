#!/usr/bin/env bash
# Installs everything the run and test commands need on a machine that has only the Rust
# toolchain. Idempotent: each tool is installed once into a cache outside the clone
# ($ONCOCENTER_TOOLS, default ~/.cache/oncocenter/tools), keyed by version.
#
#   scripts/bootstrap.sh run    what `scripts/run.sh` needs (wasm target, wasm-bindgen, wasm-opt)
#   scripts/bootstrap.sh test   all of the above plus chromium, e2e npm packages, aiosmtpd, moto, schemathesis, cargo-deny,
#                               cargo-nextest (when the machine has none)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="${ONCOCENTER_TOOLS:-$HOME/.cache/oncocenter/tools}"
MODE="${1:-run}"
mkdir -p "$TOOLS"

log() { printf '\033[1;34m[bootstrap]\033[0m %s\n' "$*" >&2; }

# The wasm-bindgen CLI must equal the wasm-bindgen crate in Cargo.lock.
WASM_BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/, ""); print; exit}' "$ROOT/Cargo.lock")"
CARGO_DENY_VERSION="0.20.2"
CARGO_NEXTEST_VERSION="0.9.143"
SCHEMATHESIS_VERSION="4.32.5"

cargo_tool() { # name crate version [--locked]
  local bin="$1" crate="$2" version="$3" locked="${4:-}"
  local dir="$TOOLS/$crate-$version"
  if [ ! -x "$dir/bin/$bin" ]; then
    log "installing $crate $version into $dir (one time per machine)"
    # shellcheck disable=SC2086
    cargo install --quiet --root "$dir" "$crate" --version "=$version" $locked
  fi
  echo "$dir/bin"
}

path_add() { case ":$PATH:" in *":$1:"*) ;; *) PATH="$1:$PATH" ;; esac; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown >&2
fi

path_add "$(cargo_tool wasm-bindgen wasm-bindgen-cli "$WASM_BINDGEN_VERSION")"

# npm packages: binaryen (wasm-opt 132; Debian's 108 breaks the page), playwright-core, axe-core.
if [ ! -x "$ROOT/e2e/node_modules/.bin/wasm-opt" ] || [ "$ROOT/e2e/package-lock.json" -nt "$ROOT/e2e/node_modules/.stamp" ]; then
  log "installing e2e/ npm packages"
  (cd "$ROOT/e2e" && npm ci --no-audit --no-fund --loglevel=error >&2 && touch node_modules/.stamp)
fi
path_add "$ROOT/e2e/node_modules/.bin"

if [ "$MODE" = "test" ]; then
  path_add "$(cargo_tool cargo-deny cargo-deny "$CARGO_DENY_VERSION" --locked)"
  # The test runner of scripts/test.sh; machines of kind rust-svc come with it.
  if ! cargo nextest --version >/dev/null 2>&1; then
    path_add "$(cargo_tool cargo-nextest cargo-nextest "$CARGO_NEXTEST_VERSION" --locked)"
  fi

  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    log "installing Debian's chromium and chromium-driver"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq chromium chromium-driver >&2
  fi

  VENV="$TOOLS/py-venv-1"
  if [ ! -x "$VENV/bin/aiosmtpd" ]; then
    log "installing aiosmtpd into $VENV (a real SMTP server for the SMTP tests)"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check 'aiosmtpd==1.4.6' >&2
  fi
  if [ ! -x "$VENV/bin/moto_server" ]; then
    log "installing moto[server] into $VENV (a real S3 API for the file-store tests)"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check 'moto[server]==5.2.5' >&2
  fi
  if [ ! -x "$VENV/bin/schemathesis" ] || ! "$VENV/bin/schemathesis" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
    log "installing schemathesis $SCHEMATHESIS_VERSION into $VENV (property-based fuzzing of the OpenAPI document)"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION" >&2
  fi
  path_add "$VENV/bin"
fi

echo "export PATH=\"$PATH\""
