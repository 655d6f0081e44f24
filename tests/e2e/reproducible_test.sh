#!/usr/bin/env bash
# The same inputs with the same --now give byte-identical plans and reports, and `report` writes
# a past run's files again byte for byte.
source "$(dirname "$0")/lib.sh"
for n in 1 2; do
  copy_sample "$work/org$n"
  run 0 "$USERSYNC" plan --config "$work/org$n/usersync.toml" --now 2026-11-22T09:00:00Z --report-dir "$work/plan$n" -q
  run 0 "$USERSYNC" apply --config "$work/org$n/usersync.toml" --now 2026-11-22T09:05:00Z --report-dir "$work/apply$n" -q
done
diff -r "$work/plan1" "$work/plan2" || fail "plans differ"
diff -r "$work/apply1" "$work/apply2" || fail "apply reports differ"
a=$(sqlite3 "$work/org1/usersync.db" "SELECT * FROM plan_changes ORDER BY plan_id, seq")
b=$(sqlite3 "$work/org2/usersync.db" "SELECT * FROM plan_changes ORDER BY plan_id, seq")
[ "$a" = "$b" ] || fail "stored plans differ"

# Planning twice from the same state gives the same per-user results.
run 0 "$USERSYNC" plan --config "$work/org1/usersync.toml" --now 2026-11-22T10:00:00Z --report-dir "$work/p1" -q
run 0 "$USERSYNC" plan --config "$work/org1/usersync.toml" --now 2026-11-22T10:00:00Z --report-dir "$work/p2" -q
cmp "$work/p1/users.jsonl" "$work/p2/users.jsonl" || fail "two plans of the same state differ"

# report RUN rewrites the files of run 1 and run 2 exactly.
run 0 "$USERSYNC" report --config "$work/org1/usersync.toml" 1 --out "$work/again1"
diff -r "$work/plan1" "$work/again1" || fail "report 1 differs from the original"
run 0 "$USERSYNC" report --config "$work/org1/usersync.toml" 2 --out "$work/again2"
diff -r "$work/apply1" "$work/again2" || fail "report 2 differs from the original"
run 2 "$USERSYNC" report --config "$work/org1/usersync.toml" 42
assert_eq "$(cat "$work/err")" "usersync: error: there is no run 42; see usersync history" "missing run"

# Without --report-dir, reports go to a folder per run beside the database.
run 0 "$USERSYNC" plan --config "$work/org2/usersync.toml" --now 2026-11-22T10:00:00Z
assert_contains "$work/out" "reports: $work/org2/reports/run-000003/summary.json"
[ -s "$work/org2/reports/run-000003/users.jsonl" ] || fail "no per-run report folder"
echo "reproducible: ok"
