# OncoCenter tasks. `just` lists them. The two README commands are scripts/run.sh and
# scripts/test.sh; these recipes call the same scripts.

# List the recipes.
default:
    @just --list

# Build the SPA and the server; run on the embedded default (SQLite, emails to data/outbox).
run:
    scripts/run.sh

# Every test: unit, integration on SQLite and PostgreSQL, OpenAPI drift, browser e2e.
test:
    scripts/test.sh

# What CI runs: fmt, clippy, wasm check, cargo deny, then every test.
ci:
    bash .ci/run

# Install the tools (wasm target, wasm-bindgen, npm packages, chromium, aiosmtpd, cargo-deny).
bootstrap:
    scripts/bootstrap.sh test >/dev/null

# Build the SPA into frontend/dist.
spa:
    scripts/build-spa.sh

# Regenerate the committed OpenAPI document after changing the API.
openapi:
    cargo run --quiet -p server --bin oncocenter -- openapi > openapi/openapi.json

# Only the browser e2e (builds the SPA and the server first).
e2e:
    scripts/build-spa.sh
    cargo build --quiet -p server --bin oncocenter
    cd e2e && ONCOCENTER_BIN="${CARGO_TARGET_DIR:-../target}/debug/oncocenter" node --test --test-concurrency=2 tests/

# Format and lint.
lint:
    cargo fmt --all
    cargo clippy --workspace --exclude frontend --all-targets -- -D warnings

# Benchmarks (release server on PostgreSQL, wrk on loopback); figures go to docs/benchmarks.md.
bench:
    scripts/bench.sh
