#!/usr/bin/env bash
# Runs every test: formatting and lints, the unit and integration tests of
# every crate (against the real RabbitMQ), the page's size budget, and the
# end-to-end tests in real headless Chromium. Installs what is missing first.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=install-tools.sh
. scripts/install-tools.sh --browser

say "formatting"
cargo fmt --all --check

say "lints (native and wasm)"
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo clippy -p switchboard --target wasm32-unknown-unknown --quiet -- -D warnings

say "unit and integration tests"
ensure_broker "The tests"
cargo test --workspace --quiet

say "fault tests (they restart the broker, so they run alone)"
cargo test --quiet -p bridge-server --test faults -- --ignored --test-threads=1
ensure_broker "The tests"

say "building the page"
cargo build --quiet -p users-service -p greeter-service -p bridge-server
trunk build --release
scripts/check-size.sh

say "end-to-end tests in headless Chromium"
# Files, not the folder: from Node 21 on, `node --test` takes files or glob
# patterns and fails on a folder. The shell expands the glob on every version.
(cd e2e && node --test --test-concurrency=1 tests/*.test.mjs)

say "all tests passed"
