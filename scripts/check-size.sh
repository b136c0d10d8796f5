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
files=("$DIST"/*.wasm "$DIST"/*.js)
if ((${#files[@]} == 0)); then
  echo "check-size: no .wasm or .js in $DIST; run trunk build --release first" >&2
  exit 2
fi

total=0
for file in "${files[@]}"; do
  size="$(gzip -9 -c "$file" | wc -c)"
  printf '%9d bytes gzip -9  %s\n' "$size" "${file#"$ROOT"/}"
  total=$((total + size))
done

limit=$((budget_kb * 1000 * 110 / 100))
printf '%9d bytes in all; budget %d KB, limit %d bytes (budget + 10%%)\n' \
  "$total" "$budget_kb" "$limit"
if ((total > limit)); then
  echo "check-size: FAIL, the page is $((total * 100 / (budget_kb * 1000)))% of its budget" >&2
  exit 1
fi
echo "check-size: ok ($((total * 100 / (budget_kb * 1000)))% of the budget)"
