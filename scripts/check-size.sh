#!/usr/bin/env bash
# The page size check in CI: fails when the page's first-load transfer, gzip -9
# of the release .wasm + .js in dist/, grows more than 10% over the budget
# recorded in bench/page-budget.txt. Build the page first (trunk build
# --release, as scripts/test.sh does).
#
#   scripts/check-size.sh [DIST_DIR]       DIST_DIR defaults to dist/
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIST="${1:-$ROOT/dist}"
BUDGET_FILE="$ROOT/bench/page-budget.txt"

# The budget is the first number on a line that is not a comment, in KB
# (1 KB = 1,000 bytes), the same reading as the benchmark's.
budget_kb="$(grep -v '^[[:space:]]*#' "$BUDGET_FILE" | grep -oE '^[[:space:]]*[0-9]+' | head -n 1 | tr -d '[:space:]')"
if [[ -z "$budget_kb" ]]; then
  echo "check-size: no budget in $BUDGET_FILE" >&2
  exit 2
fi

shopt -s nullglob
# The console (console.js, console_bg.wasm) and its schema worker
# (worker.js, worker_bg.wasm, worker_loader.js) are fetched when a person
# opens the console, not with the page: they are reported apart and are not
# part of the budget.
files=() on_demand=()
for file in "$DIST"/*.wasm "$DIST"/*.js; do
  case "$(basename "$file")" in
    console* | worker*) on_demand+=("$file") ;;
    *) files+=("$file") ;;
  esac
done
if ((${#files[@]} == 0)); then
  echo "check-size: no .wasm or .js in $DIST; run trunk build --release first" >&2
  exit 2
fi

# Prints each file's gzip -9 size and sets `sum` to their total.
measure() {
  sum=0
  local file size
  for file in "$@"; do
    size="$(gzip -9 -c "$file" | wc -c)"
    printf '%9d bytes gzip -9  %s\n' "$size" "${file#"$ROOT"/}"
    sum=$((sum + size))
  done
}

if ((${#on_demand[@]} > 0)); then
  measure "${on_demand[@]}"
  printf '%9d bytes loaded on demand (the console and its worker; not in the budget)\n\n' "$sum"
fi
measure "${files[@]}"
total=$sum

limit=$((budget_kb * 1000 * 110 / 100))
printf '%9d bytes in all; budget %d KB, limit %d bytes (budget + 10%%)\n' \
  "$total" "$budget_kb" "$limit"
if ((total > limit)); then
  echo "check-size: FAIL, the page is $((total * 100 / (budget_kb * 1000)))% of its budget" >&2
  exit 1
fi
echo "check-size: ok ($((total * 100 / (budget_kb * 1000)))% of the budget)"
