#!/usr/bin/env bash
# What a cron job needs: exit codes that say what happened, warnings for what was held back,
# --strict, a record of every run (refused and failed ones too), the audit facts in summary.json,
# validate seeing what a run would see, and private files.
source "$(dirname "$0")/lib.sh"
d="$work/org"; copy_sample "$d"
cfg="$d/usersync.toml"
cp "$cfg" "$work/good.toml"

# Every HR user fails mapping (a date filter on values that are not dates): the run goes on for
# the others, exits 6 and says so on stderr, located, even with --quiet.
sed -i "s/^display_name = \"{{ first_name }} {{ last_name }}\"/display_name = \"{{ first_name | date('%Y') }}\"/" "$cfg"
run 6 "$USERSYNC" sync --config "$cfg" --now 2026-11-22T09:00:00Z -q --report-dir "$work/partial"
[ ! -s "$work/out" ] || fail "--quiet printed on stdout"
assert_eq "$(head -2 "$work/err")" "usersync: warning: 283 users were held back by errors and left as they are
  hr.csv:96 (record E0000104): abraun: display_name: 'Anna' is not an ISO 8601 date" "partial warning (by username)"
assert_eq "$(tail -1 "$work/err")" "  ... and 278 more (see users.jsonl)" "the rest is counted"
grep -q "error:" "$work/err" && fail "a partial run printed an error line"
assert_eq "$(jq -r .status "$work/partial/summary.json")" partial "summary status"
assert_eq "$(jq -r '.held_back[0].kind + " " + (.held_back[0].count|tostring)' "$work/partial/summary.json")" "user_errors 283" "held back in the summary"
assert_eq "$(jq -r .actions.error "$work/partial/summary.json")" 283 "error actions"
[ "$(jq -r .actions.create "$work/partial/summary.json")" -gt 0 ] || fail "the contractors were not synced"
assert_eq "$(last_run "$d/usersync.db" | cut -d'|' -f1)" partial "history says partial"

# --strict (or [run] strict = true) refuses the whole run instead: exit 3, nothing changed but the
# failed run's record.
state=$(data_state "$d/usersync.db")
run 3 "$USERSYNC" sync --config "$cfg" --now 2026-11-22T09:10:00Z --strict -q --report-dir "$work/strict"
assert_eq "$(tail -1 "$work/err")" "usersync: error: --strict: 283 users have errors, so the whole run is refused and nothing was changed" "strict"
[ "$(data_state "$d/usersync.db")" = "$state" ] || fail "a strict refusal changed the database"
assert_eq "$(last_run "$d/usersync.db")" "failed|failed: --strict: 283 users have errors, so the whole run is refused and nothing was changed" "strict run recorded"
assert_eq "$(jq -r .options[0] "$work/strict/summary.json")" "--strict" "the strict run's reports say --strict"
printf '\n[run]\nstrict = true\n' >> "$cfg"
run 3 "$USERSYNC" plan --config "$cfg" --now 2026-11-22T09:11:00Z -q
[ "$(data_state "$d/usersync.db")" = "$state" ] || fail "[run] strict changed the database"

# validate sees the same: the first errors located, then a count, and the exit code of a run.
cp "$work/good.toml" "$cfg"
sed -i "s/^display_name = \"{{ first_name }} {{ last_name }}\"/display_name = \"{{ first_name | date('%Y') }}\"/" "$cfg"
run 6 "$USERSYNC" validate --config "$cfg" --now 2026-11-22T09:12:00Z
assert_contains "$work/out" "$cfg: OK, but a run would hold something back (exit 6)"
assert_contains "$work/err" "  hr.csv:37 (record E0000036): aherrmann: display_name: 'Anna' is not an ISO 8601 date"
[ "$(data_state "$d/usersync.db")" = "$state" ] || fail "validate changed the database"
run 3 "$USERSYNC" validate --config "$cfg" --strict
cp "$work/good.toml" "$cfg"

# A clean sync of the fixed config exits 0; the summary carries the audit facts.
run 0 "$USERSYNC" sync --config "$cfg" --now 2026-11-22T09:20:00Z --allow-mass-changes --no-delete --report-dir "$work/ok"
s="$work/ok/summary.json"
assert_eq "$(jq -r .usersync_version "$s")" "$("$USERSYNC" --version | cut -d' ' -f2)" "version"
assert_eq "$(jq -r .config_checksum "$s")" "sha256:$(sha256sum "$cfg" | cut -d' ' -f1)" "config checksum"
assert_eq "$(jq -c .options "$s")" '["--allow-mass-changes","--no-delete"]' "options that changed behaviour"
# hr.csv was read again (its mapping changed back); contractors.csv was reused unchanged, so it
# has no new figures: it passed the source guards when it was read.
assert_eq "$(jq -c '[.guards[] | .guard + ":" + (.source // "")]' "$s")" '["empty_source:hr","max_source_shrink:hr","max_deprovision:","max_deprovision_share:"]' "every guard's figures"
assert_eq "$(jq -r '.guards[] | select(.guard == "max_deprovision") | "\(.allowed) \(.exceeded)"' "$s")" "500 false" "deprovision figure"
# Every attribute change is listed, active included.
assert_eq "$(jq -r 'select(.action == "reactivate") | .changes[] | select(.attribute == "active") | .from + "->" + .to' "$work/ok/users.jsonl" | sort -u)" "false->true" "active in changes"

# The shrink guard refuses, and the refusal is in history with reports of what was read; the
# directory counts are those of the directory the run looked at.
head -50 "$d/hr.csv" > "$d/hr-short.csv"; mv "$d/hr-short.csv" "$d/hr.csv"
state=$(data_state "$d/usersync.db")
run 4 "$USERSYNC" sync --config "$cfg" --now 2026-11-22T09:30:00Z --report-dir "$work/shrunk"
assert_eq "$(cat "$work/err")" "usersync: error: source 'hr' (hr.csv) shrank from 283 to 49 records (83% fewer; the guard allows 50%); refusing to plan. If that is right, run again with --allow-mass-changes" "shrink"
[ "$(data_state "$d/usersync.db")" = "$state" ] || fail "a refused run changed the database"
assert_eq "$(last_run "$d/usersync.db" | cut -d'|' -f1)" refused "shrink refusal recorded"
assert_eq "$(jq -r '.sources[0].records' "$work/shrunk/summary.json")" 49 "the refusal's report says what was read"
assert_eq "$(jq -r '.directory.users' "$work/shrunk/summary.json")" "$(sqlite3 "$d/usersync.db" "SELECT count(*) FROM directory_users")" "the directory the run looked at"
assert_eq "$(jq -r '.guards[] | select(.guard == "max_source_shrink" and .source == "hr") | .exceeded' "$work/shrunk/summary.json")" true "figure"
run 0 "$USERSYNC" history --config "$cfg"
assert_contains "$work/out" "      refused: source 'hr' (hr.csv) shrank from 283 to 49 records"
assert_eq "$(sed -n 2p "$work/out" | tr -s ' ')" "run mode time status plan created updated deactivated reactivated deleted errors attr-changes +members -members " "history headings"

# A first plan refused by the deprovisioning guard counts the directory it planned against.
f="$work/first"; copy_sample "$f"
printf '\n[guards]\nmax_deprovision = 1\n' >> "$f/usersync.toml"
run 4 "$USERSYNC" plan --config "$f/usersync.toml" --now 2026-11-22T09:00:00Z --report-dir "$work/first-out"
assert_contains "$work/out" "directory: 311 users, 13 groups"
assert_eq "$(jq -r .directory.users "$work/first-out/summary.json")" 311 "refused first plan directory"

# Reports that cannot be written after the commit do not turn an applied run into a failure: the
# run exits as it went, says where its reports went missing, and history has it once.
w="$work/noreports"; copy_sample "$w"
run 0 "$USERSYNC" sync --config "$w/usersync.toml" --now 2026-11-22T09:00:00Z --report-dir /dev/null/reports -q
assert_contains "$work/err" "usersync: warning: run 1 was applied, but its reports could not be written: "
assert_contains "$work/err" "; write them with: usersync report 1 --out DIR"
assert_eq "$(sqlite3 "$w/usersync.db" "SELECT group_concat(id || ':' || status) FROM runs")" "1:applied" "recorded once, as applied"
run 0 "$USERSYNC" report --config "$w/usersync.toml" 1 --out "$work/noreports-again"
[ -s "$work/noreports-again/changes.csv" ] || fail "report RUN did not write the change file"
# A reused --report-dir keeps no file of the earlier run: a refused run writes no changes.csv.
run 0 "$USERSYNC" plan --config "$w/usersync.toml" --now 2026-11-22T09:10:00Z --report-dir "$work/fixed" -q
[ -e "$work/fixed/changes.csv" ] || fail "a plan wrote no changes.csv"
head -20 "$w/hr.csv" > "$w/hr-short.csv"; mv "$w/hr-short.csv" "$w/hr.csv"
run 4 "$USERSYNC" plan --config "$w/usersync.toml" --now 2026-11-22T09:20:00Z --report-dir "$work/fixed" -q
assert_eq "$(jq -r .status "$work/fixed/summary.json")" refused "the refused run's summary"
[ ! -e "$work/fixed/changes.csv" ] || fail "an earlier run's changes.csv stayed beside a refused run's summary"

# Files hold people's data: private whatever the umask.
p="$work/private"; copy_sample "$p"
(umask 022 && "$USERSYNC" sync --config "$p/usersync.toml" --now 2026-11-22T09:00:00Z -q)
for file in "$p/usersync.db" "$p/usersync.db-wal" "$p/usersync.db.lock" "$p/reports/run-000001/summary.json" "$p/reports/run-000001/users.jsonl" "$p/reports/run-000001/changes.csv"; do
  [ ! -e "$file" ] || assert_eq "$(stat -c %a "$file")" 600 "mode of $(basename "$file")"
done
[ -e "$p/usersync.db" ] || fail "no database"
assert_eq "$(stat -c %a "$p/reports/run-000001")" 700 "mode of the report folder"
assert_eq "$(stat -c %a "$p/reports")" 700 "mode of reports/"
echo "unattended: ok"
