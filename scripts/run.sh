#!/usr/bin/env bash
# Runs Switchboard: installs what is missing, builds, starts the users, greeter
# and logs services and the bridge, and serves the page with `trunk serve`.
# Ctrl-C stops everything. Settings come from the environment (see README.md).
#
#   scripts/run.sh          release builds: the page as people should use it
#   scripts/run.sh --dev    debug builds, quick to rebuild when working on the page
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

release=1
for arg in "$@"; do
  case "$arg" in
    --dev) release="" ;;
    -h | --help)
      sed -n '2,7s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
      exit 0
      ;;
    *)
      echo "unknown argument: $arg (try --help)" >&2
      exit 2
      ;;
  esac
done
# The install script reads its own arguments; it gets none of ours.
set --
# shellcheck source=install-tools.sh
. scripts/install-tools.sh

AMQP_URL="${AMQP_URL:-amqp://127.0.0.1:5672/%2f}"
export AMQP_URL

if [[ -n "$release" ]]; then
  profile=(--release)
  bin="${CARGO_TARGET_DIR:-target}/release"
else
  profile=()
  bin="${CARGO_TARGET_DIR:-target}/debug"
fi

say "building the services${release:+ (release)}"
cargo build --quiet "${profile[@]}" \
  -p users-service -p greeter-service -p bridge-server -p logs-service

# Everything started below is in this script's process group; stop it all on exit.
trap 'trap - EXIT INT TERM; kill 0 2>/dev/null || true' EXIT INT TERM

start() {
  local name="$1"
  shift
  "$@" 2>&1 | sed -u "s/^/[$name] /" &
}

# host:port of the first broker in AMQP_URL, for a reachability check.
broker_address() {
  local rest="${AMQP_URL%%,*}"
  rest="${rest#*://}"
  rest="${rest##*@}"
  rest="${rest%%/*}"
  [[ "$rest" == *:* ]] || rest="$rest:5672"
  echo "$rest"
}

broker="$(broker_address)"
if ! timeout 2 bash -c "exec 3<>/dev/tcp/${broker%:*}/${broker##*:}" 2>/dev/null; then
  cat >&2 <<MSG

  No RabbitMQ answers at $broker. Everything else starts anyway; the bridge and
  the logs service keep retrying, and the Publish panel shows the broker as
  unavailable until it is up.
  Start a local broker with:    rabbitmq-server -detached
  or install one with:          apt-get install rabbitmq-server
  or point AMQP_URL at yours:   AMQP_URL=amqp://user:pass@host:5672/%2f scripts/run.sh

MSG
fi

start users "$bin/users"
start greeter "$bin/greeter"
start bridge "$bin/bridge-server"
start logs "$bin/logs"

if [[ -n "$release" ]]; then
  say "building the page (release) and serving it at http://127.0.0.1:8080 (Ctrl-C stops everything)"
  trunk serve --release
else
  say "serving a debug build of the page at http://127.0.0.1:8080, rebuilt on every change (Ctrl-C stops everything)"
  trunk serve
fi
