#!/usr/bin/env bash
# Manual corrections through a workbook, end to end on a copy of sample-data:
# export the desired state, import it unedited (and as LibreOffice saved it again): 0 corrections;
# edit it with ExcelJS as an admin would (a value with a note, a group removed, a user deactivated,
# a row added, a row deleted), import, and check the plan's changes name their corrections; a
# source that changes under a correction makes it a conflict (exit 6) until keep or drop; a
# deactivation by correction is not undone by reactivation; a CSV of the Users sheet works too;
# bad workbooks are refused with every error placed and nothing recorded.
source "$(dirname "$0")/lib.sh"
: "${XLSX_FIXTURES:?tests/e2e/xlsx}"
d="$work/org"; copy_sample "$d"
cfg="$d/usersync.toml"
edit() { node "$XLSX_FIXTURES/edit-workbook.mjs" "$@" >"$work/edit.log" 2>&1 || fail "edit-workbook: $(cat "$work/edit.log")"; }
soffice_to() {  # soffice_to FORMAT OUTDIR FILE
  soffice "-env:UserInstallation=file://$work/lo-profile" --headless --norestore --convert-to "$1" --outdir "$2" "$3" \
    >"$work/soffice.log" 2>&1 || fail "soffice: $(cat "$work/soffice.log")"
}
count() { sqlite3 "$d/usersync.db" "SELECT count(*) FROM corrections WHERE $1"; }
user_line() { grep "\"username\":\"$2\"" "$d/reports/run-$(printf %06d "$1")/users.jsonl"; }

run 0 "$USERSYNC" plan --config "$cfg" --now 2026-11-22T10:00:00Z
run 0 "$USERSYNC" sheet export --config "$cfg" --out "$d/corrections.xlsx" --now 2026-11-22T10:05:00Z
assert_contains "$work/out" "exported 303 users, 13 groups and 0 corrections in force to $d/corrections.xlsx (export 1)"

run 2 "$USERSYNC" sheet export --config "$cfg" --out "$d/no-such-folder/c.xlsx" --now 2026-11-22T10:05:00Z
assert_contains "$work/err" "no-such-folder/c.xlsx.partial: cannot write workbook: No such file or directory"
assert_eq "$(sqlite3 "$d/usersync.db" "SELECT count(*) FROM sheet_exports")" 1 "a failed export records nothing"

# --- Unedited, and saved again by LibreOffice: nothing to record --------------------------------
run 0 "$USERSYNC" sheet import --config "$cfg" "$d/corrections.xlsx" --now 2026-11-22T10:06:00Z
assert_eq "$(cat "$work/out")" "0 corrections (no cell differs from export 1)" "unedited round trip"
mkdir -p "$d/lo"; soffice_to xlsx "$d/lo" "$d/corrections.xlsx"
run 0 "$USERSYNC" sheet import --config "$cfg" "$d/lo/corrections.xlsx" --now 2026-11-22T10:06:00Z
assert_eq "$(cat "$work/out")" "0 corrections (no cell differs from export 1)" "LibreOffice round trip"

# --- Refused: every error placed, nothing recorded ----------------------------------------------
refused() {  # refused WHAT EDIT... ; then the expected message lines on stdin
  edit "$d/corrections.xlsx" "$d/bad.xlsx" "${@:2}"
  run 3 "$USERSYNC" sheet import --config "$cfg" "$d/bad.xlsx" --now 2026-11-22T10:06:00Z
  local want; want=$(cat)
  assert_eq "$(sed "s|$d/||g" "$work/err")" "$want" "$1"
  assert_eq "$(count 1)" 0 "$1: nothing recorded"
}
refused "bad cells" 'set:fnowak:username=farid' 'set:wschulz:active=maybe' 'setcell:Users!X1=extra' \
  'add:email=nobody@example.com' 'set:yschulz:expires=next week' <<'EOF'
usersync: error: 5 error(s) in bad.xlsx; nothing was recorded:
bad.xlsx!Users!X1: unknown column 'extra'; the export's columns are username, email, external_id, first_name, last_name, display_name, department, active, groups, email source, external_id source, first_name source, last_name source, display_name source, department source, active source, groups source, note, expires, _row
bad.xlsx!Users!A87: the column 'username' is read-only; the export has 'fnowak' here (to rename a user, correct their source, or add a row and delete this one)
bad.xlsx!Users!H286: active 'maybe' is not true or false
bad.xlsx!Users!S297: expires 'next week' is not a date; expected ISO 8601 (2027-01-31)
bad.xlsx!Users!A305: a new row needs a username
EOF
refused "edited source column" 'set:wschulz:email source=me' <<'EOF'
usersync: error: 1 error(s) in bad.xlsx; nothing was recorded:
bad.xlsx!Users!J286: the column 'email source' is read-only; the export has 'hr' here (to rename a user, correct their source, or add a row and delete this one)
EOF
# A workbook of another database: its hidden sheet names an export this one does not have.
o="$work/other"; copy_sample "$o"
run 0 "$USERSYNC" plan --config "$o/usersync.toml" --now 2026-11-22T10:00:00Z
run 0 "$USERSYNC" sheet export --config "$o/usersync.toml" --out "$o/theirs.xlsx" --now 2026-11-22T10:01:00Z
run 0 "$USERSYNC" sheet export --config "$o/usersync.toml" --out "$o/theirs.xlsx" --now 2026-11-22T10:02:00Z
run 3 "$USERSYNC" sheet import --config "$cfg" "$o/theirs.xlsx" --now 2026-11-22T10:06:00Z
assert_contains "$work/err" "theirs.xlsx: this workbook was not exported by this database"
assert_eq "$(count 1)" 0 "another database's workbook: nothing recorded"

# --- An admin's edits ---------------------------------------------------------------------------
edit "$d/corrections.xlsx" "$d/edited.xlsx" 'set:fnowak:email=farid.nowak@example.com' \
  'set:fnowak:note=HR has a typo, ticket 42' 'set:gzimmermann:groups=staff' 'set:wschulz:active=false' \
  'add:username=hsato,email=hsato@example.com,first_name=Hana,last_name=Sato,groups=staff; sales' 'delete:yschulz'
run 0 "$USERSYNC" sheet import --config "$cfg" "$d/edited.xlsx" --by alice --now 2026-11-22T10:07:00Z
assert_eq "$(head -1 "$work/out")" "10 corrections recorded (ids 1-10)" "edited import"
run 0 "$USERSYNC" corrections list --config "$cfg"
assert_contains "$work/out" "1     fnowak              set           email           active    'fnowak@example.com' -> 'farid.nowak@example.com'  by alice at 2026-11-22T10:07:00Z  (HR has a typo, ticket 42)"
assert_contains "$work/out" "yschulz             deprovision"
run 0 "$USERSYNC" sync --config "$cfg" --now 2026-11-22T10:08:00Z
assert_eq "$(user_line 2 fnowak | jq -c '.changes[] | select(.attribute == "email")')" \
  '{"attribute":"email","from":"fnowak@example.com","to":"farid.nowak@example.com","correction":1}' "corrected email"
assert_eq "$(user_line 2 fnowak | jq -c '.reasons')" '["attribute_changed","manual_correction","group_in_source","group_not_in_source"]' "fnowak's reasons"
assert_eq "$(user_line 2 gzimmermann | jq -c '[.groups.removed, .groups.corrections, .corrections[0].kind]')" '[["engineering"],{"engineering":2},"group_remove"]' "a group a source gives, removed"
assert_eq "$(user_line 2 wschulz | jq -c '[.action, .reasons, .changes]')" '["deactivate",["manual_correction"],[{"attribute":"active","from":"true","to":"false","correction":3}]]' "deactivated by correction"
# The edits of one workbook are recorded once.
run 3 "$USERSYNC" sheet import --config "$cfg" "$d/edited.xlsx" --by alice --now 2026-11-22T10:09:00Z
assert_eq "$(head -1 "$work/err")" "usersync: error: $d/edited.xlsx: the edits of export 1 were recorded at 2026-11-22T10:07:00Z; export again (usersync sheet export) to make further corrections" "a second import"
# A new export shows what the corrections made: gzimmermann is no longer in engineering.
run 0 "$USERSYNC" sheet export --config "$cfg" --out "$d/after.xlsx" --now 2026-11-22T10:09:00Z
mkdir -p "$d/after"; soffice_to 'csv:Text - txt - csv (StarCalc):44,34,76,1' "$d/after" "$d/after.xlsx"
assert_eq "$(grep '^"gzimmermann"' "$d/after/after.csv" | cut -d, -f9,17)" '"staff","hr; corrections 2"' "the export after a group correction"
assert_eq "$(user_line 2 yschulz | jq -c '[.action, .reasons, .corrections[0].kind]')" '["deactivate",["manual_correction"],"deprovision"]' "deleted row"
assert_eq "$(user_line 2 hsato | jq -c '[.action, .reasons, .sources, .groups.added, [.changes[].correction]]')" \
  '["create",["manual_correction"],{},["sales","staff"],[5,6,7]]' "new row"
grep -F 'manual_correction' "$d/reports/run-000002/changes.csv" >/dev/null || fail "changes.csv names no manual correction"

# --- A correction keeps a user deactivated: no reactivation --------------------------------------
run 0 "$USERSYNC" plan --config "$cfg" --now 2026-11-23T10:00:00Z
assert_eq "$(user_line 3 wschulz | jq -c '[.action, .after.active]')" '["unchanged",false]' "no reactivation"

# --- A source changes under a correction: a conflict until keep or drop --------------------------
sed -i 's/,fnowak@example.com,/,farid.n@example.com,/; s/^\(E0000001,gzimmermann,.*\),"staff;engineering"$/\1,"staff"/' "$d/hr.csv"
run 6 "$USERSYNC" plan --config "$cfg" --now 2026-11-24T10:00:00Z
assert_contains "$work/err" "correction 1 (fnowak email -> 'farid.nowak@example.com'): the sources said 'fnowak@example.com' when it was made and say 'farid.n@example.com' now"
assert_eq "$(jq -c '[.held_back[] | select(.kind == "correction_conflicts") | .count]' "$d/reports/run-000004/summary.json")" '[1]' "conflicts in the summary"
# HR now leaves gzimmermann out of engineering too: what the correction says, so nothing to decide.
assert_eq "$(user_line 4 gzimmermann | jq -c '[.corrections[0].id, .corrections[0].state]')" '[2,"applied"]' "a source that agrees"
# While the admin decides, the account keeps what it has (the corrected email the sync gave it).
assert_eq "$(user_line 4 fnowak | jq -c '[.corrections[0].state, .corrections[0].source_now, .after.email, ([.changes[] | select(.attribute == "email")] | length)]')" \
  '["conflict","farid.n@example.com","farid.nowak@example.com",0]' "a conflict holds the value"
run 0 "$USERSYNC" corrections keep 1 --config "$cfg" --now 2026-11-24T10:01:00Z
run 0 "$USERSYNC" corrections drop 2 --config "$cfg" --now 2026-11-24T10:01:00Z
run 2 "$USERSYNC" corrections keep 3 --config "$cfg" --now 2026-11-24T10:01:00Z
assert_contains "$work/err" "correction 3 is not in conflict; keep decides a conflict"
run 0 "$USERSYNC" plan --config "$cfg" --now 2026-11-24T10:02:00Z
# The sync of run 2 already gave fnowak the corrected email: kept, it stays.
assert_eq "$(user_line 5 fnowak | jq -c '[.after.email, .corrections[0].state, ([.changes[] | select(.attribute == "email")] | length)]')" \
  '["farid.nowak@example.com","applied",0]' "kept"
assert_eq "$(user_line 5 gzimmermann | jq -c '.corrections')" 'null' "dropped"

# --- A CSV of the Users sheet, with an expiry --------------------------------------------------
run 0 "$USERSYNC" sheet export --config "$cfg" --out "$d/again.xlsx" --now 2026-11-24T10:03:00Z
mkdir -p "$d/csv"; soffice_to 'csv:Text - txt - csv (StarCalc):44,34,76,1' "$d/csv" "$d/again.xlsx"
python3 - "$d/csv/again.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
h = rows[0]
for r in rows[1:]:
    if r[h.index("username")] == "gherrmann":
        r[h.index("first_name")] = "Gretchen"
        r[h.index("expires")] = "2026-12-01"
csv.writer(open(sys.argv[1], "w", encoding="utf-8", newline="")).writerows(rows)
PY
run 0 "$USERSYNC" sheet import --config "$cfg" "$d/csv/again.csv" --now 2026-11-24T10:04:00Z
assert_eq "$(head -1 "$work/out")" "1 correction recorded (ids 11)" "CSV import"
run 0 "$USERSYNC" plan --config "$cfg" --now 2026-11-25T10:00:00Z
assert_eq "$(user_line 6 gherrmann | jq -c '.changes[] | select(.attribute == "first_name") | [.to, .correction]')" '["Gretchen",11]' "CSV correction"
run 0 "$USERSYNC" plan --config "$cfg" --now 2026-12-02T10:00:00Z
assert_eq "$(user_line 7 gherrmann | jq -c '[.corrections[0].state, ([.changes[] | select(.attribute == "first_name")] | length)]')" '["expired",0]' "expired"
