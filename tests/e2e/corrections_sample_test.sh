#!/usr/bin/env bash
# sample-data/corrections as scripts/demo runs it: two syncs, the workbook export, the edited
# Users sheet (CSV) imported, and the plan that the corrections make.
source "$(dirname "$0")/lib.sh"
d="$work/demo"; copy_sample "$d"
cfg="$d/usersync.toml"
run 0 "$USERSYNC" sync --config "$cfg" --now 2026-11-22T09:00:00Z
run 0 "$USERSYNC" sync --config "$cfg" --now 2026-11-22T09:05:00Z
run 0 "$USERSYNC" sheet export --config "$cfg" --out "$d/corrections.xlsx" --now 2026-11-22T09:10:00Z
run 0 "$USERSYNC" sheet import --config "$cfg" "$d/corrections/users-edited.csv" --by demo --now 2026-11-22T09:15:00Z
assert_eq "$(head -1 "$work/out")" "10 corrections recorded (ids 1-10)" "the sample's edits"
run 0 "$USERSYNC" plan --config "$cfg" --now 2026-11-22T09:20:00Z
assert_eq "$(jq -r '.changes | to_entries | map(select(.value > 0) | "\(.key)=\(.value)") | join(" ")' "$d/reports/run-000003/summary.json")" \
  "membership_add=2 membership_remove=1 user_create=1 user_deactivate=1 user_update=1" "the plan of the corrections"
assert_eq "$(jq -r 'select(.action != "unchanged") | .username + " " + .action + " " + (.reasons | join(","))' "$d/reports/run-000003/users.jsonl")" \
"auditor.ext create manual_correction
fnowak update manual_correction
gzimmermann update manual_correction
wschulz deactivate manual_correction" "every change is a manual correction"
