#!/usr/bin/env bash
# report_formats: a run writes only the formats its config lists (the JSON ones always), and
# `report RUN --formats` writes any of them again from history.
source "$(dirname "$0")/lib.sh"
d="$work/org"; copy_sample "$d"
cfg="$d/usersync.toml"
printf 'report_formats = ["json"]\n%s\n' "$(cat "$cfg")" > "$cfg.new" && mv "$cfg.new" "$cfg"

run 0 "$USERSYNC" validate --config "$cfg" --show-config
assert_contains "$work/out" 'report_formats = ["json"]'

run 0 "$USERSYNC" sync --config "$cfg" --now 2026-11-22T09:00:00Z
r="$d/reports/run-000001"
assert_eq "$(ls "$r" | tr '\n' ' ')" "changes.csv changes.scim.json summary.json users.jsonl " "json formats only"
grep -q "audit.xlsx\|report.html" "$work/out" && fail "the run names a report it did not write"

run 0 "$USERSYNC" report --config "$cfg" 1 --out "$work/again" --formats json,xlsx
assert_eq "$(ls "$work/again" | tr '\n' ' ')" "audit.xlsx changes.csv changes.scim.json summary.json users.jsonl " \
  "report --formats writes what it names"
kept_lines "$r/users.jsonl" | cmp - "$work/again/users.jsonl" || fail "users.jsonl differs when written again"
assert_contains "$work/out" "audit.xlsx"
routine=$(( $(wc -l < "$r/users.jsonl") - $(wc -l < "$work/again/users.jsonl") ))
assert_contains "$work/out" "$routine users simply in sync: counted in summary.json, not listed"

# The workbook and the page written from history say how many users their counts include but
# they do not list; a run's own reports list everyone and say nothing of the kind.
run 0 "$USERSYNC" report --config "$cfg" 1 --out "$work/full" --formats json,xlsx,html
note="$routine users simply in sync (unchanged, in_sync) are in the counts but not listed"
assert_contains "$work/full/report.html" "data-users-not-listed=\"$routine\">$note"
mkdir -p "$work/csv"
soffice "-env:UserInstallation=file://$work/lo-profile" --headless --norestore \
  --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' \
  --outdir "$work/csv" "$work/full/audit.xlsx" >"$work/soffice.log" 2>&1 || fail "soffice: $(cat "$work/soffice.log")"
assert_contains "$work/csv/audit-Summary.csv" "users not listed,\"$note"  # quoted: the note has a comma
sed -i 's/^report_formats = .*/report_formats = ["json", "xlsx", "html"]/' "$cfg"
run 0 "$USERSYNC" plan --config "$cfg" --now 2026-11-22T09:05:00Z --report-dir "$work/own"
[ -s "$work/own/report.html" ] || fail "the plan wrote no report.html"
grep -q "data-users-not-listed" "$work/own/report.html" && fail "a plan's own page lists everyone, yet says it does not"
sed -i 's/^report_formats = .*/report_formats = ["json"]/' "$cfg"

# history show of a user who was simply in sync says why there is no line.
quiet=$(jq -r 'select(.action == "unchanged" and .reasons == ["in_sync"] and .policies == [] and .errors == []) | .username' \
  "$r/users.jsonl" | head -1)
[ -n "$quiet" ] || fail "the sample sync has no user simply in sync"
run 0 "$USERSYNC" history show 1 --config "$cfg" --user "$quiet"
assert_contains "$work/out" "no user matches"
assert_contains "$work/out" "($routine users were simply in sync in run 1; history counts them but keeps no line for them)"

run 2 "$USERSYNC" report --config "$cfg" 1 --out "$work/bad" --formats json,pdf
assert_contains "$work/err" "--formats: unknown report format 'pdf'; known formats: json, xlsx, html"
run 2 "$USERSYNC" report --config "$cfg" 1 --out "$work/bad" --formats xlsx
assert_contains "$work/err" 'report formats must include "json"'
[ -e "$work/bad" ] && fail "a refused report wrote a folder"

sed -i 's/^report_formats = .*/report_formats = ["json", "pdf"]/' "$cfg"
run 2 "$USERSYNC" plan --config "$cfg" --now 2026-11-22T09:10:00Z
assert_contains "$work/err" "usersync.toml:1:18: unknown report format 'pdf'"
echo "report_formats: ok"
