#!/usr/bin/env bash
# bench/run itself, at 10,000 users (the only benchmark in the test suite; its timings are not
# checked, only that every step ran and the table and JSON say so).
source "$(dirname "$0")/lib.sh"
root="$(cd "$(dirname "$0")/../.." && pwd)"
run 0 bash "$root/bench/run" --sizes 10000 --no-xlsx --bin "$USERSYNC" --json "$work/bench.json"
for step in "sqlite3 .import (baseline)" import plan apply "report RUN" sync "sync again (no change)"; do
  assert_eq "$(jq --arg s "$step" '[.steps[] | select(.users == 10000 and .step == $s and .wall_s >= 0 and .peak_mb > 0)] | length' "$work/bench.json")" 1 "step $step in the JSON"
  grep -qF "| 10000 | " "$work/out" || fail "no table row for 10000 users"
  grep -qF "| $step |" "$work/out" || fail "no table row for $step"
done
assert_eq "$(jq '.sizes[0].memberships > 50000 and .sizes[0].groups > 500' "$work/bench.json")" true "organisation shape"
assert_contains "$work/out" "| users | import / sqlite3 .import | sync s | no-change sync s | sync peak MB |"
echo "bench smoke: ok"
