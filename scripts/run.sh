#!/usr/bin/env bash
# Runs Switchboard: installs what is missing, builds, starts the users and
# greeter services and the bridge, and serves the page with `trunk serve`.
# Ctrl-C stops everything. Settings come from the environment (see README.md).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=install-tools.sh
. scripts/install-tools.sh

AMQP_URL="${AMQP_URL:-amqp://127.0.0.1:5672/%2f}"
export AMQP_URL

say "building the services"
cargo build --quiet -p users-service -p greeter-service -p bridge-server

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

  No RabbitMQ answers at $broker. Everything else starts anyway; the bridge keeps
  retrying, and the Publish panel shows the broker as unavailable until it is up.
  Start a local broker with:    rabbitmq-server -detached
  or install one with:          apt-get install rabbitmq-server
  or point AMQP_URL at yours:   AMQP_URL=amqp://user:pass@host:5672/%2f scripts/run.sh

MSG
fi

start users target/debug/users
start greeter target/debug/greeter
start bridge target/debug/bridge-server

say "serving the page at http://127.0.0.1:8080 (Ctrl-C stops everything)"
trunk serve
