#!/usr/bin/env bash
# Takes the README's screenshot, docs/screenshot.png, from the real page in
# headless Chromium against the real services and RabbitMQ: builds the
# services and the page's release build, then runs e2e/screenshot.mjs. The
# test command never writes into the tree; run this when the page's look has
# changed, and commit the picture.
#
#   scripts/screenshot.sh [PATH]      PATH defaults to docs/screenshot.png
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$(realpath -m "${1:-$ROOT/docs/screenshot.png}")"
cd "$ROOT"
# shellcheck source=install-tools.sh
. scripts/install-tools.sh --browser

ensure_broker "The screenshot"

say "building the services and the page"
cargo build --quiet -p users-service -p greeter-service -p bridge-server
trunk build --release

say "taking the screenshot"
SWITCHBOARD_BIN_DIR="${CARGO_TARGET_DIR:-$ROOT/target}/debug" node e2e/screenshot.mjs "$OUT"
