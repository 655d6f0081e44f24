#!/usr/bin/env bash
# The same inputs with the same --now give byte-identical plans and reports, and `report` writes
# a past run's files again: summary.json and the change files byte for byte; the users are those
# history keeps (all but the ones simply in sync, which summary.json counts), see same_report.
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

# changes.csv: one row per change in apply order, plus one per attribute of each created user.
c="$work/plan1/changes.csv"
assert_eq "$(head -1 "$c")" "$(printf 'user,kind,group,attribute,from,to,reasons\r')" "changes.csv header"
total=$(jq '[.changes[]] | add' "$work/plan1/summary.json")
created_attributes=$(jq -s '[.[] | select(.action == "create") | .changes | length] | add // 0' "$work/plan1/users.jsonl")
assert_eq "$(($(wc -l < "$c") - 1))" "$((total + created_attributes))" "changes.csv rows"
assert_eq "$(cmp "$work/plan1/changes.csv" "$work/apply1/changes.csv" && echo same)" same "apply writes the plan's changes"
# A value that a spreadsheet would run as a formula is written as text.
copy_sample "$work/formula"
sed -i 's/^E0000001,gzimmermann,gzimmermann@example.com,Greta,Zimmermann,engineering,/E0000001,gzimmermann,gzimmermann@example.com,Greta,Zimmermann,=1+2,/' "$work/formula/hr.csv"
run 0 "$USERSYNC" plan --config "$work/formula/usersync.toml" --now 2026-11-22T09:00:00Z --report-dir "$work/formula-plan" -q
assert_contains "$work/formula-plan/changes.csv" "gzimmermann,user_update,,department,engineering,'=1+2,attribute_changed"

# Planning twice from the same state gives the same per-user results.
run 0 "$USERSYNC" plan --config "$work/org1/usersync.toml" --now 2026-11-22T10:00:00Z --report-dir "$work/p1" -q
run 0 "$USERSYNC" plan --config "$work/org1/usersync.toml" --now 2026-11-22T10:00:00Z --report-dir "$work/p2" -q
cmp "$work/p1/users.jsonl" "$work/p2/users.jsonl" || fail "two plans of the same state differ"

# report RUN rewrites the files of run 1 and run 2 exactly.
run 0 "$USERSYNC" report --config "$work/org1/usersync.toml" 1 --out "$work/again1"
same_report "$work/plan1" "$work/again1"
run 0 "$USERSYNC" report --config "$work/org1/usersync.toml" 2 --out "$work/again2"
diff -r "$work/apply1" "$work/again2" || fail "report 2 differs from the original"  # an apply keeps no routine lines
# Every kind of run renders again as it was: a sync whose sources were unchanged since their last
# import, and a run refused by a guard (its reports are written too).
run 0 "$USERSYNC" sync --config "$work/org1/usersync.toml" --now 2026-11-22T10:30:00Z --report-dir "$work/same" -q
id=$(sqlite3 "$work/org1/usersync.db" "SELECT max(id) FROM runs")
run 0 "$USERSYNC" report --config "$work/org1/usersync.toml" "$id" --out "$work/same-again"
same_report "$work/same" "$work/same-again"
head -1 "$work/org1/hr.csv" > "$work/empty.csv" && cp "$work/empty.csv" "$work/org1/hr.csv"
run 4 "$USERSYNC" sync --config "$work/org1/usersync.toml" --now 2026-11-22T11:00:00Z --report-dir "$work/refused"
id=$(sqlite3 "$work/org1/usersync.db" "SELECT max(id) FROM runs")
run 0 "$USERSYNC" report --config "$work/org1/usersync.toml" "$id" --out "$work/refused-again"
same_report "$work/refused" "$work/refused-again"
run 2 "$USERSYNC" report --config "$work/org1/usersync.toml" 42
assert_eq "$(cat "$work/err")" "usersync: error: there is no run 42; see usersync history" "missing run"

# Without --report-dir, reports go to a folder per run beside the database.
run 0 "$USERSYNC" plan --config "$work/org2/usersync.toml" --now 2026-11-22T10:00:00Z
assert_contains "$work/out" "reports: $work/org2/reports/run-000003/summary.json"
[ -s "$work/org2/reports/run-000003/users.jsonl" ] || fail "no per-run report folder"
echo "reproducible: ok"
