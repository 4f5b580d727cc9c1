#!/usr/bin/env bash
# Builds the Leptos SPA into frontend/dist without trunk:
#   cargo (wasm32, profile wasm-release) -> wasm-bindgen --target web -> wasm-opt -Oz
#   -> index.html (+ style.css, favicon, boot.js) with content-hash cache busting
#   -> a brotli and a gzip copy of each file (crates/precompress).
# Needs wasm-bindgen (= the version in Cargo.lock) and wasm-opt (npm binaryen 132, never
# Debian's) on PATH; when missing, runs `scripts/bootstrap.sh run` to get them.
# Respects CARGO_TARGET_DIR. Output folder: $SPA_OUT_DIR (default frontend/dist).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

log() { printf '\033[1;34m[build-spa]\033[0m %s\n' "$*" >&2; }

if ! command -v wasm-bindgen >/dev/null 2>&1 || ! command -v wasm-opt >/dev/null 2>&1; then
  log "wasm-bindgen or wasm-opt not on PATH: running scripts/bootstrap.sh run"
  eval "$("$ROOT/scripts/bootstrap.sh" run)"
fi

LOCK_VERSION="$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)"
CLI_VERSION="$(wasm-bindgen --version | awk '{print $2}')"
if [ "$LOCK_VERSION" != "$CLI_VERSION" ]; then
  echo "wasm-bindgen CLI $CLI_VERSION != wasm-bindgen $LOCK_VERSION in Cargo.lock" >&2
  exit 1
fi
case "$(wasm-opt --version)" in
  *version_13[2-9]*|*version_1[4-9][0-9]*) ;;
  *) echo "wasm-opt must be binaryen >= 132 (npm binaryen), got: $(wasm-opt --version)" >&2; exit 1 ;;
esac

TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
OUT="${SPA_OUT_DIR:-$ROOT/frontend/dist}"
STAGE="$OUT.tmp"

log "cargo build -p frontend (wasm32, wasm-release)"
cargo build -p frontend --target wasm32-unknown-unknown --profile wasm-release

rm -rf "$STAGE"
mkdir -p "$STAGE"

log "wasm-bindgen"
wasm-bindgen --target web --no-typescript --out-name frontend --out-dir "$STAGE" \
  "$TARGET_DIR/wasm32-unknown-unknown/wasm-release/frontend.wasm"

log "wasm-opt -Oz"
# The features rustc enables by default for wasm32-unknown-unknown.
wasm-opt -Oz \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  -o "$STAGE/frontend_bg.opt.wasm" "$STAGE/frontend_bg.wasm"
mv "$STAGE/frontend_bg.opt.wasm" "$STAGE/frontend_bg.wasm"

hash() { cat "$@" | sha256sum | cut -c1-12; }
APP_HASH="$(hash "$STAGE/frontend.js" "$STAGE/frontend_bg.wasm")"
STYLE_HASH="$(hash frontend/style.css)"

cp frontend/style.css frontend/favicon.svg "$STAGE/"
cat > "$STAGE/boot.js" <<JS
// Loads the wasm module; its start function mounts the app.
import init from '/frontend.js?v=${APP_HASH}';
init({ module_or_path: '/frontend_bg.wasm?v=${APP_HASH}' });
JS
sed -e "s/__APP_HASH__/${APP_HASH}/g" -e "s/__STYLE_HASH__/${STYLE_HASH}/g" \
  frontend/index.html > "$STAGE/index.html"

log "precompress (brotli 11, gzip -9)"
# The server sends these copies by content negotiation (crates/server/src/http/spa.rs).
cargo run --quiet --release -p precompress -- "$STAGE" >&2

rm -rf "$OUT"
mv "$STAGE" "$OUT"

wasm_size=$(wc -c < "$OUT/frontend_bg.wasm")
wasm_gz=$(wc -c < "$OUT/frontend_bg.wasm.gz")
wasm_br=$(wc -c < "$OUT/frontend_bg.wasm.br")
log "done: $OUT (wasm $((wasm_size / 1024)) KiB, gzip $((wasm_gz / 1024)) KiB, brotli $((wasm_br / 1024)) KiB)"
