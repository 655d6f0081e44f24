#!/usr/bin/env bash
# Bad input files end the run with exit code 3 and a message that names file, line and column,
# and leave the directory, the staging data and the stored plans as they were. A plan or sync
# that fails is recorded in history as failed, with its message; import and validate leave no
# trace at all.
source "$(dirname "$0")/lib.sh"
d="$work/org"; copy_sample "$d"
cfg="$d/usersync.toml"
run 0 "$USERSYNC" sync --config "$cfg" --now 2026-11-22T09:00:00Z -q
run 0 "$USERSYNC" plan --config "$cfg" --now 2026-11-22T09:05:00Z -q
good="$work/hr.csv.good"; cp "$d/hr.csv" "$good"
data=$(data_state "$d/usersync.db")

for command in sync plan import validate; do
  check_bad_input unterminated_quote.csv $command "usersync: error: hr.csv:3:35: quoted field opened here is not closed properly; the parser reached the end of the file"
  check_bad_input ragged_row.csv $command "usersync: error: hr.csv:3:66: ragged row: expected 9 fields (as in the header), found 10 with the comma delimiter"
  check_bad_input invalid_utf8.csv $command "usersync: error: hr.csv:3:36: invalid UTF-8 byte sequence; expected UTF-8 text (or UTF-16 with a byte-order mark)"
  check_bad_input missing_key.csv $command "usersync: error: hr.csv:3:1: missing key: 'external_id' is empty, but it identifies the records of source 'hr'; expected a value"
  check_bad_input duplicate_key.csv $command "usersync: error: hr.csv:3:1: duplicate key: 'e1' (external_id) is already used by line 2; each record needs its own"
  check_bad_input bad_active.csv $command "usersync: error: hr.csv:2:49: 'maybe' is not a valid value for active; expected true/false, yes/no, 1/0 or active/inactive"
  check_bad_input missing_column.csv $command "usersync: error: hr.csv:1: the mapping for 'last_name' (usersync.toml:24) reads field 'last_name', which this file does not have. The fields are: employee_id, login, email, first_name, surname, department, title, active, groups"
  check_bad_input utf16_unpaired_surrogate.txt $command "usersync: error: hr.csv:3: invalid UTF-16: unpaired surrogate; expected valid UTF-16 text after the byte-order mark"
done
# The located message shows the line and a caret under the column.
cp "$FIXTURES/ragged_row.csv" "$d/hr.csv"
run 3 "$USERSYNC" sync --config "$cfg"
assert_eq "$(sed -n 2p "$work/err")" "  E2,asmith,asmith@example.com,Anna,Smith,sales,Analyst,true,staff,extra" "raw line"
assert_eq "$(sed -n 3p "$work/err")" "$(printf '  %65s^' '')" "caret"

# A file that is not there, or cannot be read, is bad input too.
rm "$d/hr.csv"
run 3 "$USERSYNC" sync --config "$cfg"
assert_contains "$work/err" "cannot read $d/hr.csv: no such file or folder"
[ "$(data_state "$d/usersync.db")" = "$data" ] || fail "a missing file changed the database"

# The stored plan is still there, and still applies once the input is fixed.
cp "$good" "$d/hr.csv"
run 0 "$USERSYNC" apply --config "$cfg" --now 2026-11-22T11:00:00Z -q
echo "bad_input: ok"
