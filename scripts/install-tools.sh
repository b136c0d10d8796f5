#!/usr/bin/env bash
# Installs what building and testing Switchboard needs, and only what is
# missing: the wasm32 target, trunk, the wasm-bindgen CLI that matches
# Cargo.lock, wasm-opt (npm's binaryen) and, with --browser, Chromium plus the
# end-to-end test packages. Safe to run again and again. What it cannot
# install itself, a C compiler and Node.js 20.10 or later, it checks for first
# and names the package to install.
#
# Source it (`. scripts/install-tools.sh`) to also get the tools on PATH.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TRUNK_VERSION="0.21.14"

# shellcheck source=common.sh
. "$ROOT/scripts/common.sh"

# Rust links every native binary with the system's C compiler (`cc`), and
# some dependencies compile C code of their own.
check_c_compiler() {
  if ! command -v cc >/dev/null && ! command -v gcc >/dev/null && ! command -v clang >/dev/null; then
    cat >&2 <<'MSG'

  Switchboard needs a C compiler and linker (cc), which Rust links with; none
  was found. Install one, then run this again:
    Debian, Ubuntu:  sudo apt-get install build-essential
    Fedora:          sudo dnf install gcc
    macOS:           xcode-select --install

MSG
    exit 1
  fi
}

# The scripts run node: wasm-opt comes from npm, and the end-to-end tests and
# the browser benchmark use node's test runner with --test-concurrency, which
# Node.js has had since 20.10.
check_node() {
  local version
  version="$(node --version 2>/dev/null || true)"
  if [[ ! "$version" =~ ^v([0-9]+)\.([0-9]+) ]] || ! command -v npm >/dev/null ||
    ((BASH_REMATCH[1] < 20 || (BASH_REMATCH[1] == 20 && BASH_REMATCH[2] < 10))); then
    cat >&2 <<MSG

  Switchboard needs Node.js 20.10 or later, with npm; found: ${version:-no node}${version:+, npm $(npm --version 2>/dev/null || echo missing)}.
  Install a current release from https://nodejs.org/en/download (or your
  distribution's nodejs and npm packages, if they are 20.10 or later),
  then run this again.

MSG
    exit 1
  fi
}

install_rust_tools() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi

  if [[ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]]; then
    say "installing trunk $TRUNK_VERSION (about 10 minutes the first time)"
    cargo install trunk --version "$TRUNK_VERSION" --locked
  fi

  # trunk insists on the wasm-bindgen CLI of exactly the version in Cargo.lock.
  local bindgen
  bindgen="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' \
    "$ROOT/Cargo.lock")"
  if [[ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $bindgen" ]]; then
    say "installing wasm-bindgen-cli $bindgen"
    # Not --locked: one of its locked dependencies is missing from the registry here.
    cargo install wasm-bindgen-cli --version "=$bindgen"
  fi
}

install_node_packages() {
  local dir="$1"
  if [[ ! -d "$dir/node_modules" || "$dir/package-lock.json" -nt "$dir/node_modules" ]]; then
    say "installing npm packages in ${dir#"$ROOT"/}"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    touch "$dir/node_modules"
  fi
}

install_chromium() {
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    say "installing Chromium from Debian's packages"
    local sudo=""
    [[ "$(id -u)" == 0 ]] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
}

check_c_compiler
check_node
install_rust_tools
# Debian's wasm-opt (binaryen 108) cannot read current Rust wasm; npm's can.
install_node_packages "$ROOT/scripts"
if [[ " $* " == *" --browser "* ]]; then
  install_chromium
  install_node_packages "$ROOT/e2e"
fi

export PATH="$ROOT/scripts/node_modules/.bin:$HOME/.cargo/bin:$PATH"
