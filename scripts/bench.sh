#!/usr/bin/env bash
# Runs Switchboard's benchmarks and writes BENCHMARKS.md and bench/latency.svg.
# Every figure is judged as a ratio against a baseline measured in the same
# run. Arguments go to the runner (`--help` lists them and every benchmark's
# name):
#
#   scripts/bench.sh                                  # all, about 10 minutes
#   scripts/bench.sh --only throughput,latency --rounds 3 --measure-secs 10
#
# Needs RabbitMQ on 127.0.0.1:5672 (guest/guest), and starts it if it is
# installed but not running. `management` enables the rabbitmq_management
# plugin for its run and disables it again if it was off. For `page-size`,
# `browser`, `schema-codec` and `schema-form` the page is rebuilt with `trunk
# build --release` when trunk is installed (scripts/install-tools.sh installs
# it); SKIP_PAGE_BUILD=1 measures dist/ as it is.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# shellcheck source=common.sh
. scripts/common.sh

ensure_broker "The benchmarks"

# The runner starts the release bridge (and, for the browser benchmarks, the
# users and greeter services) as child processes and finds them beside its own
# binary, so both workspaces build into the same target directory.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
say "building the release bridge, services and runner"
cargo build --release --quiet -p bridge-server -p users-service -p greeter-service
cargo build --release --quiet --manifest-path bench/Cargo.toml

# `page-size` and the browser benchmarks measure the page's release build;
# skip it when none of them is selected.
if [[ "${SKIP_PAGE_BUILD:-0}" != 1 && ( " $* " != *" --only"* || " $* " == *page-size* || " $* " == *browser* || " $* " == *schema-* ) ]]; then
  if command -v trunk >/dev/null; then
    say "building the page (trunk build --release) for page-size and the browser benchmarks"
    # trunk needs the wasm-opt that scripts/install-tools.sh puts there.
    PATH="$ROOT/scripts/node_modules/.bin:$PATH" trunk build --release ||
      say "the page did not build; page-size and the browser benchmarks measure dist/ as it is"
  else
    say "trunk is not installed; page-size and the browser benchmarks measure dist/ as it is"
  fi
fi

exec cargo run --release --quiet --manifest-path bench/Cargo.toml --bin bench -- "$@"
