#!/usr/bin/env bash
# The bridge's soak test: 1,000 keep-alive connections publish
# uniquely numbered 1 KB messages for 60 s while an independent consumer on a
# durable queue counts what arrives. Prints requests, 2xx, 429s, other errors,
# lost, duplicates, throughput, latency percentiles and the bridge's peak RSS,
# and fails when a request failed other than with the rate limit's 429 or a
# confirmed message was lost. Arguments go to the test (`--help` lists them):
#
#   scripts/soak.sh                       # the default rate limit: mostly 429s
#   scripts/soak.sh --no-rate-limit       # every request reaches the broker
#   scripts/soak.sh --connections 200 --duration-secs 10
#
# Needs RabbitMQ on 127.0.0.1:5672 (guest/guest), and starts it if it is
# installed but not running.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# shellcheck source=common.sh
. scripts/common.sh

ensure_broker "The soak test"

# The test starts the release bridge as a child process and finds it beside its
# own binary, so both workspaces build into the same target directory.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
say "building the release bridge and the soak test"
cargo build --release --quiet -p bridge-server
cargo build --release --quiet --manifest-path bench/Cargo.toml

exec cargo run --release --quiet --manifest-path bench/Cargo.toml --bin soak -- "$@"
