#!/usr/bin/env bash
# Excel's "Unicode text" (UTF-16 LE with BOM, tab-separated) imports exactly like the same data
# saved as UTF-8 CSV.
source "$(dirname "$0")/lib.sh"
for variant in excel_unicode_text.txt excel_unicode_text_as_utf8.csv; do
  d="$work/$variant"; copy_sample "$d"
  cp "$FIXTURES/$variant" "$d/hr.csv"
  run 0 "$USERSYNC" plan --config "$d/usersync.toml" --now 2026-11-22T09:00:00Z --report-dir "$d/r" --allow-mass-changes -q
done
cmp "$work/excel_unicode_text.txt/r/users.jsonl" "$work/excel_unicode_text_as_utf8.csv/r/users.jsonl" || fail "UTF-16 and UTF-8 differ"
assert_eq "$(jq -r '.sources[0].encoding + " " + .sources[0].delimiter' "$work/excel_unicode_text.txt/r/summary.json")" "utf-16le tab" "detected"
assert_eq "$(jq -r 'select(.username=="zjaeger") | .after.last_name' "$work/excel_unicode_text.txt/r/users.jsonl")" "Jäger-Ørsted" "decoded"
echo "encodings: ok"
