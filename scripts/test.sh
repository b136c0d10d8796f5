#!/usr/bin/env bash
# Runs every test: formatting and lints, the unit and integration tests of
# every crate (against the real RabbitMQ), the page's size budget, and the
# end-to-end tests in real headless Chromium. Installs what is missing first.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=install-tools.sh
. scripts/install-tools.sh --browser

ensure_broker() {
  if timeout 2 bash -c 'exec 3<>/dev/tcp/127.0.0.1/5672' 2>/dev/null; then
    return
  fi
  if command -v rabbitmq-server >/dev/null; then
    say "RabbitMQ is not running; starting it"
    rabbitmq-server -detached
    rabbitmqctl await_startup --timeout 120 >/dev/null
  else
    echo "The tests need RabbitMQ on 127.0.0.1:5672 (guest/guest); install rabbitmq-server." >&2
    exit 1
  fi
}

say "formatting"
cargo fmt --all --check

say "lints (native and wasm)"
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo clippy -p switchboard --target wasm32-unknown-unknown --quiet -- -D warnings

say "unit and integration tests"
ensure_broker
cargo test --workspace --quiet

say "fault tests (they restart the broker, so they run alone)"
cargo test --quiet -p bridge-server --test faults -- --ignored --test-threads=1
ensure_broker

say "building the page"
cargo build --quiet -p users-service -p greeter-service -p bridge-server
trunk build --release
scripts/check-size.sh

say "end-to-end tests in headless Chromium"
(cd e2e && node --test --test-concurrency=1 tests/)

say "all tests passed"
