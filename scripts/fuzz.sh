#!/usr/bin/env bash
# Fuzzes the bridge's request decoding and validation: libFuzzer feeds bytes to
# serde_json and `Outgoing::from_request` (bridge-server/fuzz). Installs
# cargo-fuzz if it is missing.
#
#   scripts/fuzz.sh [RUNS] [LIBFUZZER_FLAGS...]    RUNS defaults to 1000000
#
# Inputs that crash are saved in bridge-server/fuzz/artifacts/publish_request/;
# replay one with `RUSTC_BOOTSTRAP=1 cargo fuzz run publish_request FILE`
# from bridge-server/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:-1000000}"
shift $(($# > 0 ? 1 : 0))

# shellcheck source=common.sh
. "$ROOT/scripts/common.sh"

if ! cargo fuzz --version >/dev/null 2>&1; then
  say "installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi

cd "$ROOT/bridge-server"
# The first directory collects what libFuzzer finds (and is not committed);
# the seeds only start it off.
mkdir -p fuzz/corpus/publish_request
say "fuzzing publish_request for $RUNS runs"
# cargo-fuzz passes nightly-only flags (sanitizer, coverage instrumentation);
# RUSTC_BOOTSTRAP lets the stable toolchain accept them.
RUSTC_BOOTSTRAP=1 exec cargo fuzz run publish_request \
  fuzz/corpus/publish_request fuzz/seeds/publish_request -- \
  -runs="$RUNS" -dict=fuzz/publish_request.dict "$@"
