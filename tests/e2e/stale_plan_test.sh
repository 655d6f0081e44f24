#!/usr/bin/env bash
# apply refuses, with exit code 5 and without touching anything but its record in history, a plan
# made against a directory that has changed since, a plan already applied, and a plan whose
# directory export changed.
source "$(dirname "$0")/lib.sh"
d="$work/org"; copy_sample "$d"
cfg="$d/usersync.toml"

run 0 "$USERSYNC" plan --config "$cfg" --now 2026-11-22T09:00:00Z -q
run 0 "$USERSYNC" sync --config "$cfg" --now 2026-11-22T09:05:00Z -q   # changes the directory
state=$(data_state "$d/usersync.db")
run 5 "$USERSYNC" apply --config "$cfg" --plan 1 --now 2026-11-22T09:10:00Z
assert_eq "$(cat "$work/err")" "usersync: error: plan 1 is stale: the directory changed since the plan was made (version 1, now 2). Run usersync plan again" "stale message"
[ "$(data_state "$d/usersync.db")" = "$state" ] || fail "a refused apply changed the database"
assert_eq "$(last_run "$d/usersync.db")" "refused|refused: plan 1 is stale: the directory changed since the plan was made (version 1, now 2). Run usersync plan again" "the refusal is in history"
assert_eq "$(sqlite3 "$d/usersync.db" "SELECT mode, plan_id FROM runs ORDER BY id DESC LIMIT 1")" "apply|1" "a refused apply names the plan it refused"

run 5 "$USERSYNC" apply --config "$cfg" --plan 2
assert_eq "$(cat "$work/err")" "usersync: error: plan 2 was already applied; only a pending plan can be applied. Run usersync plan again" "applied message"

# A new export of the application's directory makes a pending plan stale too.
run 0 "$USERSYNC" plan --config "$cfg" --now 2026-11-22T09:20:00Z -q
echo "newbie,newbie@example.com,New,Bie,New Bie,true,staff,sales,," >> "$d/directory.csv"
state=$(data_state "$d/usersync.db")
run 5 "$USERSYNC" apply --config "$cfg"
assert_eq "$(cat "$work/err")" "usersync: error: plan 3 is stale: directory.csv changed since the plan was made. Run usersync plan again" "export message"
[ "$(data_state "$d/usersync.db")" = "$state" ] || fail "a refused apply changed the database"

# Plans that do not exist, and a database with no plan at all, are usage errors.
run 2 "$USERSYNC" apply --config "$cfg" --plan 99
assert_eq "$(cat "$work/err")" "usersync: error: there is no plan 99" "missing plan"
run 2 "$USERSYNC" apply --config "$cfg" --db "$work/empty.db"
assert_eq "$(cat "$work/err")" "usersync: error: there is no plan to apply; run usersync plan first" "no plan"

# A fresh plan after the refresh applies, and the one after it has nothing to do.
run 0 "$USERSYNC" plan --config "$cfg" --now 2026-11-22T09:30:00Z --report-dir "$work/p4"
assert_eq "$(jq -r 'select(.username=="newbie") | .action' "$work/p4/users.jsonl")" deactivate "newbie is not in any source"
run 0 "$USERSYNC" apply --config "$cfg" --now 2026-11-22T09:31:00Z -q
run 0 "$USERSYNC" plan --config "$cfg" --now 2026-11-22T09:32:00Z --report-dir "$work/p5"
assert_eq "$(jq '[.changes[]] | add' "$work/p5/summary.json")" 0 "nothing left to do"
echo "stale_plan: ok"
