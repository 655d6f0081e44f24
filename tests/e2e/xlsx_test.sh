#!/usr/bin/env bash
# XLSX sources and an XLSX directory, end to end with the real binary:
# - the people workbook as LibreOffice, ExcelJS and SheetJS wrote it (the ctest fixture
#   xlsx_producers puts them in $XLSX_PRODUCERS) is planned, and every created user carries the
#   values of tests/e2e/xlsx/expected (identifiers kept, dates as ISO 8601, formulas' values);
# - the sample directory saved as .xlsx by LibreOffice plans byte for byte like the CSV;
# - a formula error, an unknown sheet and every hostile file of make-hostile.py end with exit 3,
#   a message naming the file and place, nothing extracted and the database unchanged.
source "$(dirname "$0")/lib.sh"
: "${XLSX_PRODUCERS:?workbooks written by producers}" "${XLSX_FIXTURES:?tests/e2e/xlsx}"
now=2026-12-01T00:00:00Z

# config FILE WORKBOOK [EXTRA]: a config with the workbook as source hr.
config() {
  cat >"$1" <<TOML
database = "state.db"
[directory]
path = "directory.csv"
attributes = ["badge", "started", "seen"]
[[source]]
name = "hr"
format = "xlsx"
path = "$2"
text_columns = ["badge", "employee_id"]
${3:-}
[source.mapping]
external_id = "employee_id"
username = "username"
email = "email"
first_name = "first_name"
last_name = "last_name"
active = "active"
badge = "badge"
started = "start_date"
seen = "last_login"
TOML
}

# --- Each producer's workbook plans the users of the expected table -----------------------------
for producer in libreoffice exceljs sheetjs; do
  d="$work/$producer"; mkdir -p "$d"
  printf 'username,email\n' >"$d/directory.csv"
  config "$d/usersync.toml" "$XLSX_PRODUCERS/$producer/people.xlsx"
  run 0 "$USERSYNC" plan --config "$d/usersync.toml" --now "$now"
  expected="$XLSX_FIXTURES/expected/$producer/people.tsv"
  [ -f "$expected" ] || expected="$XLSX_FIXTURES/expected/people.tsv"
  # username external_id email first last badge started seen, for the active rows (the inactive
  # one is skipped, as it is not in the directory).
  want=$(awk -F'\t' 'NR > 1 && $6 == "true" { print $2, $1, $5, $3, $4, $9, $7, $8 }' "$expected" | sed 's/ *$//' | sort)
  got=$(jq -r 'select(.action == "create") | .after | [.username, .external_id, .email, .first_name, .last_name,
        .badge, .started, .seen] | map(. // "") | join(" ")' "$d/reports/run-000001/users.jsonl" | sed 's/ *$//' | sort)
  assert_eq "$got" "$want" "$producer: the created users"
  assert_eq "$(jq -r 'select(.username == "max.weber") | .action' "$d/reports/run-000001/users.jsonl")" skipped \
    "$producer: the inactive user of the hidden row is read and skipped"
done

# --- The directory as a workbook: LibreOffice saves the sample export as .xlsx -------------------
d="$work/directory"; copy_sample "$d"
soffice "-env:UserInstallation=file://$work/lo-profile" --headless --norestore --infilter=CSV:44,34,76,1 \
  --convert-to xlsx --outdir "$d" "$d/directory.csv" >"$work/soffice.log" 2>&1 || fail "soffice: $(cat "$work/soffice.log")"
[ -s "$d/directory.xlsx" ] || fail "soffice wrote no directory.xlsx: $(cat "$work/soffice.log")"
sed 's|^database = "usersync.db"|database = "xlsx.db"\nreport_dir = "reports-xlsx"|; s|^path = "directory.csv"|path = "directory.xlsx"\nformat = "xlsx"|' \
  "$d/usersync.toml" >"$d/xlsx.toml"
sed -i 's|^database = "usersync.db"|database = "usersync.db"\nreport_dir = "reports-csv"|' "$d/usersync.toml"
run 0 "$USERSYNC" plan --config "$d/usersync.toml" --now "$now"
run 0 "$USERSYNC" plan --config "$d/xlsx.toml" --now "$now"
cmp "$d/reports-csv/run-000001/users.jsonl" "$d/reports-xlsx/run-000001/users.jsonl" ||
  fail "the directory read from .xlsx planned otherwise than from .csv"
run 0 "$USERSYNC" validate --config "$d/xlsx.toml" --show-config
assert_contains "$work/out" 'format = "xlsx"'

# --- Errors: a formula error, an unknown sheet, a header row that is empty -----------------------
d="$work/errors"; mkdir -p "$d"; printf 'username,email\n' >"$d/directory.csv"
book="$XLSX_PRODUCERS/exceljs/people.xlsx"
config "$d/usersync.toml" "$book" 'sheet = "Errors"'
# The mapping reads the score column (badge = "score"): its #DIV/0! refuses the sheet.
sed -i '/^external_id\|^email\|^first_name\|^last_name\|^active\|^started\|^seen/d; s/^badge = "badge"/badge = "score"/' "$d/usersync.toml"
run 3 "$USERSYNC" import --config "$d/usersync.toml" --now "$now"
assert_eq "$(head -1 "$work/err")" "usersync: error: $book!Errors!B2: the cell holds the formula error #DIV/0!; expected a value (fix the formula or clear the cell)" "formula error"
config "$d/usersync.toml" "$book" 'sheet = "Staff"'
run 3 "$USERSYNC" import --config "$d/usersync.toml" --now "$now"
assert_contains "$work/err" "has no sheet 'Staff'; expected a sheet name or a 1-based position. Its sheets: 'Notes' (hidden), 'People', 'Errors'"
config "$d/usersync.toml" "$book" 'header_row = 2'
run 3 "$USERSYNC" import --config "$d/usersync.toml" --now "$now"
assert_eq "$(head -1 "$work/err")" "usersync: error: $book!People!2:2: header_row 2 is empty; expected the column names there" "empty header row"
config "$d/usersync.toml" "$book" 'header_row = 3'
run 0 "$USERSYNC" import --config "$d/usersync.toml" --now "$now"
assert_contains "$work/out" "imported hr: 4 records"

# --- Hostile workbooks: refused, nothing extracted, the database as it was ----------------------
python3 "$XLSX_FIXTURES/make-hostile.py" "$work/hostile" >/dev/null
d="$work/hostile-run"; mkdir -p "$d"; printf 'username,email\n' >"$d/directory.csv"
cp "$work/hostile/valid.xlsx" "$d/hr.xlsx"
config "$d/usersync.toml" "hr.xlsx"
sed -i '/^external_id\|^first_name\|^last_name\|^active\|^badge\|^started\|^seen/d' "$d/usersync.toml"
run 0 "$USERSYNC" import --config "$d/usersync.toml" --now "$now"
state=$(db_state "$d/state.db")
hostile() {
  local name=$1 message=$2
  cp "$work/hostile/$name.xlsx" "$d/hr.xlsx"
  run 3 timeout 60 "$USERSYNC" import --config "$d/usersync.toml" --now "$now"
  local first; first=$(head -1 "$work/err")
  [[ $first == "usersync: error: $d/hr.xlsx"*"$message"* ]] ||
    fail "$name: expected a message naming hr.xlsx with '$message', got: $(cat "$work/err")"
  [ "$(db_state "$d/state.db")" = "$state" ] || fail "$name: the refused import changed the database"
}
hostile not-a-zip "not an XLSX workbook (not a zip archive)"
hostile truncated "the workbook is damaged or cut short"
hostile bomb-ratio "(part xl/worksheets/sheet1.xml): the part inflates more than 100 times its compressed size; refused as a possible zip bomb"
hostile bomb-lying-header "refused as a possible zip bomb"
hostile many-entries "zip entries, more than the 10000 a workbook needs; refused as unsafe"
hostile dotdot "has an entry named '../../evil.txt', which is absolute or climbs out of its folder"
hostile absolute "has an entry named '/etc/evil.txt', which is absolute or climbs out of its folder"
hostile doctype "(part xl/sharedStrings.xml) line 2 column"
hostile billion-laughs "the part has a DOCTYPE, which OOXML never uses; refused as unsafe"
hostile xxe "the part has a DOCTYPE, which OOXML never uses; refused as unsafe"
hostile missing-sheet "(part xl/worksheets/sheet1.xml): the part is missing from the workbook"
hostile bad-xml "line 7 column"
hostile bad-shared-index "!People!A3: shared string 99 does not exist"
[ ! -e "$d/evil.txt" ] && [ ! -e "$work/evil.txt" ] && [ ! -e /etc/evil.txt ] || fail "an entry was extracted"
