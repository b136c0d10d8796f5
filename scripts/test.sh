#!/usr/bin/env bash
# Runs every test: formatting and lints, the unit and integration tests of
# every crate (against the real RabbitMQ), the page's size budget, and the
# end-to-end tests in real headless Chromium. Installs what is missing first.
#
# The fault tests stop, restart and alarm RabbitMQ with `rabbitmqctl`, so they
# need a local node. Against a broker that is only reachable on
# 127.0.0.1:5672 (a container, a tunnel), SKIP_FAULT_TESTS=1 skips them, and
# only them; the run then says so, and never reports them as passed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=install-tools.sh
. scripts/install-tools.sh --browser

skip_faults=0
if [[ "${SKIP_FAULT_TESTS:-0}" == 1 ]]; then
  skip_faults=1
elif ! command -v rabbitmqctl >/dev/null; then
  cat >&2 <<'MSG'

  The fault tests need a local RabbitMQ node and rabbitmqctl, which they use to
  stop, restart and alarm the broker; rabbitmqctl is not on PATH. Install
  rabbitmq-server (apt-get install rabbitmq-server), or, against a broker you
  cannot restart, run SKIP_FAULT_TESTS=1 scripts/test.sh to skip only them.

MSG
  exit 1
fi

# A banner that a skim of the log cannot miss.
loud() {
  printf '\n\033[1;33m%s\n!!! %s\n%s\033[0m\n\n' "$(printf '!%.0s' {1..78})" "$*" \
    "$(printf '!%.0s' {1..78})" >&2
}

say "formatting"
cargo fmt --all --check
# The workspaces of their own too: formatting them compiles nothing.
cargo fmt --manifest-path bench/Cargo.toml --check
cargo fmt --manifest-path bridge-server/fuzz/Cargo.toml --check

say "lints (native and wasm)"
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo clippy -p switchboard -p switchboard-schema -p switchboard-worker --target wasm32-unknown-unknown --quiet -- -D warnings
cargo clippy -p switchboard-collection --no-default-features --target wasm32-unknown-unknown --quiet -- -D warnings

say "unit and integration tests"
ensure_broker "The tests"
cargo test --workspace --quiet

if ((skip_faults)); then
  loud "SKIPPED: the fault tests (SKIP_FAULT_TESTS=1); they did not run"
else
  say "fault tests (they restart the broker, so they run alone)"
  cargo test --quiet -p bridge-server --test faults -- --ignored --test-threads=1
  ensure_broker "The tests"
fi

say "building the page"
cargo build --quiet -p users-service -p greeter-service -p bridge-server -p logs-service -p switchboard-collection
trunk build --release
scripts/check-size.sh

say "end-to-end tests in headless Chromium"
# Files, not the folder: from Node 21 on, `node --test` takes files or glob
# patterns and fails on a folder. The shell expands the glob on every version.
(cd e2e && node --test --test-concurrency=1 tests/*.test.mjs)

if ((skip_faults)); then
  loud "SKIPPED: the fault tests (SKIP_FAULT_TESTS=1); they did not run"
  say "all tests passed except the fault tests, which were skipped"
else
  say "all tests passed"
fi
