# Shared by the scripts in this folder; source it, don't run it.
#
#   say "building"          prints a step, in bold, on stderr
#   ensure_broker "the tests"
#                           makes sure RabbitMQ answers on 127.0.0.1:5672
#                           (guest/guest): starts it if it is installed but
#                           not running, and otherwise exits, naming who needs it

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

ensure_broker() {
  if timeout 2 bash -c 'exec 3<>/dev/tcp/127.0.0.1/5672' 2>/dev/null; then
    return
  fi
  if command -v rabbitmq-server >/dev/null; then
    say "RabbitMQ is not running; starting it"
    rabbitmq-server -detached
    rabbitmqctl await_startup --timeout 120 >/dev/null
  else
    echo "$1 need RabbitMQ on 127.0.0.1:5672 (guest/guest); install rabbitmq-server." >&2
    exit 1
  fi
}
