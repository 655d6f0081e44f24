#!/usr/bin/env bash
# The export-file set-up: usersync applies to its embedded copy and writes changes.csv for the
# far side; the next export shows whether they were carried out. Users whose exported state
# differs from what the last apply did are drift: in the summary, and a warning.
source "$(dirname "$0")/lib.sh"
d="$work/org"; copy_sample "$d"
cfg="$d/usersync.toml"
cp "$d/directory.csv" "$work/export-before.csv"
run 0 "$USERSYNC" sync --config "$cfg" --now 2026-11-22T09:00:00Z --report-dir "$work/first"
[ -s "$work/first/changes.csv" ] || fail "the sync wrote no change file"
assert_contains "$work/out" "$work/first/changes.csv"
deactivated=$(jq -r 'select(.action == "deactivate") | .username' "$work/first/users.jsonl" | wc -l)
[ "$deactivated" -gt 0 ] || fail "the sample sync deactivates nobody"

# An hourly cron syncs again before the next export arrives: nothing to do, and no refresh.
run 0 "$USERSYNC" sync --config "$cfg" --now 2026-11-22T10:00:00Z --report-dir "$work/again"
assert_eq "$(jq -r .status "$work/again/summary.json")" no_changes "the second sync"

# Nobody carried the change file out: the next export is the old one with one unrelated edit.
sed 's/^gzimmermann,gzimmermann@example.com,Greta,Zimmermann,Greta Zimmermann,/gzimmermann,gzimmermann@example.com,Greta,Zimmermann,Greta Z. Zimmermann,/' \
  "$work/export-before.csv" > "$d/directory.csv"
run 0 "$USERSYNC" plan --config "$cfg" --now 2026-11-23T09:00:00Z --report-dir "$work/second"
s="$work/second/summary.json"
count=$(jq -r .drift.count "$s")
[ "$count" -gt "$deactivated" ] || fail "drift counts $count users, fewer than the $deactivated deactivated"
assert_eq "$(jq -r .drift.run_id "$s")" 1 "drift names the run that applied"
assert_eq "$(head -1 "$work/err")" "usersync: warning: $count users differ from what run 1 applied: was its change file carried out?" "drift warning"
assert_eq "$(jq -r '.messages[0]' "$s")" "$count users differ from what run 1 applied: was its change file carried out?" "drift message"
[ "$(jq -r '.drift.users | length' "$s")" -le 20 ] || fail "drift lists more than 20 users"
# Everyone the first sync deactivated is among those that drifted (the list names the first 20).
first_deactivated=$(jq -r 'select(.action == "deactivate") | .username' "$work/first/users.jsonl" | sort | head -3)
for u in $first_deactivated; do
  jq -e --arg u "$u" '.drift.users | index($u)' "$s" >/dev/null || [ "$count" -gt 20 ] || fail "$u is not listed as drift"
done
# The plan brings the changes back.
assert_eq "$(jq -r .changes.user_deactivate "$s")" "$deactivated" "the deactivations are planned again"

# An unchanged export refreshes nothing, so it has no drift to report.
run 0 "$USERSYNC" sync --config "$cfg" --now 2026-11-23T09:05:00Z --report-dir "$work/third" --allow-mass-changes
run 0 "$USERSYNC" plan --config "$cfg" --now 2026-11-23T09:10:00Z --report-dir "$work/fourth"
assert_eq "$(jq -r .drift "$work/fourth/summary.json")" null "no refresh, no drift"
echo "drift: ok"
