#!/usr/bin/env bash
# The whole pipeline on sample-data: plan changes nothing, apply changes what the plan said, a
# second sync changes nothing, and the per-user results match the checked-in expectation.
source "$(dirname "$0")/lib.sh"
d="$work/org"; copy_sample "$d"
cfg="$d/usersync.toml"

# One source alone, then all of them.
run 0 "$USERSYNC" import --config "$cfg" --source contractors --now 2026-11-22T07:59:00Z
assert_eq "$(cat "$work/out")" "imported contractors: 20 records from contractors.csv (utf-8-bom, semicolon)" "import --source"
assert_eq "$(sqlite3 "$d/usersync.db" "SELECT group_concat(source) FROM imports")" "contractors" "only that source was staged"
run 0 "$USERSYNC" import --config "$cfg" --now 2026-11-22T08:00:00Z
assert_contains "$work/out" "imported hr: 283 records from hr.csv (utf-8, comma)"
# contractors.csv and its mapping did not change: its staged import is reused, not repeated.
assert_contains "$work/out" "unchanged contractors: 20 records from contractors.csv (utf-8-bom, semicolon)"
assert_eq "$(sqlite3 "$d/usersync.db" "SELECT group_concat(source, ',') FROM imports ORDER BY id")" "contractors,hr" "one import each"
before=$(sqlite3 "$d/usersync.db" "SELECT * FROM directory_users; SELECT * FROM directory_memberships; SELECT * FROM directory_groups;")

run 0 "$USERSYNC" plan --config "$cfg" --now 2026-11-22T09:00:00Z --report-dir "$work/plan"
after=$(sqlite3 "$d/usersync.db" "SELECT * FROM directory_users; SELECT * FROM directory_memberships; SELECT * FROM directory_groups;")
[ "$before" = "$after" ] || fail "plan changed the directory"
s="$work/plan/summary.json"
assert_eq "$(jq -r .mode "$s")" plan "mode"
assert_eq "$(jq -r .status "$s")" planned "status"
for a in create update deactivate reactivate; do
  [ "$(action_count "$s" $a)" -gt 0 ] || fail "the sample plan has no $a"
done
[ "$(change_count "$s" membership_add)" -gt 0 ] || fail "no membership adds"
[ "$(change_count "$s" membership_remove)" -gt 0 ] || fail "no membership removes"
[ "$(change_count "$s" user_rename)" -gt 0 ] || fail "no renames"
diff -u "$(dirname "$0")/expected/sample-plan.users.jsonl" "$work/plan/users.jsonl" || fail "users.jsonl differs from the expectation"
# Every line is one JSON object with the documented keys, sorted by username.
jq -e -s 'all(.[]; has("username") and has("action") and has("reasons") and has("sources") and has("before")
              and has("after") and has("changes") and has("groups") and has("errors"))' "$work/plan/users.jsonl" >/dev/null \
  || fail "a users.jsonl line misses a key"
jq -r .username "$work/plan/users.jsonl" | LC_ALL=C sort -c -f || fail "users.jsonl is not sorted by username"

run 0 "$USERSYNC" apply --config "$cfg" --now 2026-11-22T09:10:00Z --report-dir "$work/apply"
assert_eq "$(jq -r .status "$work/apply/summary.json")" applied "apply status"
assert_eq "$(jq -c .changes "$work/apply/summary.json")" "$(jq -c .changes "$s")" "apply carried out the planned counts"
# Apply reports the plan's users as history kept them: all but those simply in sync, which its
# summary counts.
kept_lines "$work/plan/users.jsonl" | cmp - "$work/apply/users.jsonl" || fail "apply results differ from the plan's"
assert_eq "$(jq -c .actions "$work/apply/summary.json")" "$(jq -c .actions "$s")" "apply counts every user of the plan"
routine=$(( $(wc -l < "$work/plan/users.jsonl") - $(wc -l < "$work/apply/users.jsonl") ))
[ "$routine" -gt 0 ] || fail "the sample plan has no routine users"
assert_eq "$(sqlite3 "$d/usersync.db" "SELECT routine FROM runs WHERE id = 1")" "$routine" "history counts the routine users"
assert_contains "$work/apply/report.html" "data-users-not-listed=\"$routine\""
[ -s "$work/plan/report.html" ] || fail "the plan wrote no report.html"
grep -q "data-users-not-listed" "$work/plan/report.html" && fail "the plan's own page lists everyone, yet says it does not"
assert_eq "$(sqlite3 "$d/usersync.db" "SELECT COUNT(*) FROM run_results WHERE run_id = 1")" \
  "$(wc -l < "$work/apply/users.jsonl")" "history keeps the other lines"
# The directory now holds what the plan said.
created=$(jq -r 'select(.action=="create") | .username' "$work/plan/users.jsonl" | head -1)
[ -n "$(sqlite3 "$d/usersync.db" "SELECT 1 FROM directory_users WHERE username='$created'")" ] || fail "$created not created"
deact=$(jq -r 'select(.action=="deactivate") | .username' "$work/plan/users.jsonl" | head -1)
assert_eq "$(sqlite3 "$d/usersync.db" "SELECT active FROM directory_users WHERE username='$deact'")" 0 "$deact deactivated"

run 0 "$USERSYNC" sync --config "$cfg" --now 2026-11-22T09:20:00Z --report-dir "$work/again"
for k in $(jq -r '.changes | keys[]' "$work/again/summary.json"); do
  assert_eq "$(change_count "$work/again/summary.json" "$k")" 0 "second sync $k"
done
assert_eq "$(jq -r .status "$work/again/summary.json")" no_changes "second sync status"
assert_eq "$(jq -r 'select(.action!="unchanged") | .username' "$work/again/users.jsonl" | wc -l)" 0 "all unchanged"

run 0 "$USERSYNC" history --config "$cfg"
assert_eq "$(sed -n 2p "$work/out" | awk '{print $1, $2, $3, $4, $5, $6}')" "run mode time status plan created" "history names its columns"
assert_eq "$(sed -n 3p "$work/out" | awk '{print $1, $2, $4}')" "3 sync no_changes" "history newest first"
assert_eq "$(sed -n 5p "$work/out" | awk '{print $1, $2, $4}')" "1 plan planned" "history oldest last"
# A changed mapping stages the source again, even though its file did not change.
sed -i 's/^display_name = "{{ first_name }} {{ last_name }}"/display_name = "{{ last_name }}, {{ first_name }}"/' "$cfg"
run 0 "$USERSYNC" import --config "$cfg" --now 2026-11-22T09:30:00Z
assert_contains "$work/out" "imported hr: 283 records"
assert_contains "$work/out" "unchanged contractors: 20 records"
echo "sync_sample: ok"
