#!/usr/bin/env bash
# CSV files that are not well-formed text end the run with exit code 3 and a message at the
# character to blame: a NUL byte (a binary file, or UTF-16 without a byte-order mark), a quoted
# field that swallows line breaks (named where its quote opened), a quote inside an unquoted
# field (unless the source sets lenient_quotes). Nothing is printed, and the directory, staging and
# plans are untouched (the failed run may be in history).
source "$(dirname "$0")/lib.sh"
d="$work/org"; copy_sample "$d"
cfg="$d/usersync.toml"
run 0 "$USERSYNC" sync --config "$cfg" --now 2026-11-22T09:00:00Z -q

# The fixtures are sample-data/hr.csv with one defect each. The same NUL, in UTF-16 with a BOM:
{ printf '\xff\xfe'; iconv -f UTF-8 -t UTF-16LE "$FIXTURES/nul_byte.csv"; } >"$work/nul_char_utf16.txt"

nul="NUL byte in the text; this looks like a binary file or UTF-16 without a byte-order mark; expected UTF-8 text (or UTF-16 with a byte-order mark)"
for command in sync plan import validate; do
  check_bad_input nul_byte.csv $command "usersync: error: hr.csv:3:12: $nul"
  check_bad_input "$work/nul_char_utf16.txt" $command "usersync: error: hr.csv:3:12: $nul"
  check_bad_input unclosed_quote_multiline.csv $command "usersync: error: hr.csv:5:72: quoted field opened here is not closed properly; the parser reached line 10 column 86"
  check_bad_input bare_quote.csv $command "usersync: error: hr.csv:4:42: quote inside an unquoted field; quote the whole field and double the quote (\"Wei \"\"Will\"\"\"), or set lenient_quotes = true on the source to keep such quotes as text"
done

# Each message shows the line it names, with a caret under the column: for a quote that ran on,
# the line where it opened; for a NUL, the line with the NUL shown as U+2400.
cp "$FIXTURES/unclosed_quote_multiline.csv" "$d/hr.csv"
run 3 "$USERSYNC" sync --config "$cfg"
assert_eq "$(sed -n 2p "$work/err")" '  E0000004,yschulz,yschulz@example.com,Yusuf,Schulz,design,Engineer,true,"staff;design' "raw line"
assert_eq "$(sed -n 3p "$work/err")" "$(printf '  %71s^' '')" "caret"
cp "$FIXTURES/nul_byte.csv" "$d/hr.csv"
run 3 "$USERSYNC" sync --config "$cfg"
assert_eq "$(sed -n 2p "$work/err")" '  E0000002,fn␀owak,fnowak@example.com,Farid,Nowak,legal,Engineer,true,"staff;legal"' "raw line with NUL"
assert_eq "$(sed -n 3p "$work/err")" "$(printf '  %11s^' '')" "caret under NUL"

# lenient_quotes = true on the source keeps the quote as text, and the run goes through.
sed -i 's|^path = "hr.csv"$|path = "hr.csv"\nlenient_quotes = true|' "$cfg"
grep -q '^lenient_quotes = true$' "$cfg" || fail "could not add lenient_quotes to the sample config"
cp "$FIXTURES/bare_quote.csv" "$d/hr.csv"
run 0 "$USERSYNC" sync --config "$cfg" --now 2026-11-22T11:00:00Z --report-dir "$work/lenient"
u=$(jq -c 'select(.username == "wschulz")' "$work/lenient/users.jsonl")
assert_eq "$(jq -r .after.first_name <<<"$u")" 'Wei "Will"' "first_name with the quote"
assert_eq "$(jq -r .after.display_name <<<"$u")" 'Wei "Will" Schulz' "display_name with the quote"
state=$(data_state "$d/usersync.db")

# The option is part of the mapping fingerprint: turned off again, the same file is read again
# (not reused from the last import) and refused.
sed -i '/^lenient_quotes = true$/d' "$cfg"
run 3 "$USERSYNC" sync --config "$cfg" --now 2026-11-22T12:00:00Z
assert_eq "$(head -1 "$work/err" | sed "s|$d/||g")" "usersync: error: hr.csv:4:42: quote inside an unquoted field; quote the whole field and double the quote (\"Wei \"\"Will\"\"\"), or set lenient_quotes = true on the source to keep such quotes as text" "strict again"
[ "$(data_state "$d/usersync.db")" = "$state" ] || fail "the refused run changed the database"
echo "csv_errors: ok"
