#!/usr/bin/env bash
# report.html in a real browser. A sync of sample-data writes report.html beside summary.json;
# Debian's headless Chromium (tests/e2e/html/check-report.mjs, driven by playwright-core) opens it
# from disk and checks that no request leaves the file and nothing fails in the console, that it
# shows the counts of the run's summary.json, that a search finds exactly one user, that the
# update filter lists every updated user, and that a user's detail view shows the before/after
# values of users.jsonl with exactly the changed attributes highlighted. A second sync (no
# changes) opens on all users; the same run on a copy writes the same bytes. Screenshots are left
# in html-screenshots/ beside the binary, to look at.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/html/setup.sh"
command -v /usr/bin/chromium >/dev/null || fail "no /usr/bin/chromium (scripts/install-test-tools installs it)"
shots="$(cd "$(dirname "$USERSYNC")" && pwd)/html-screenshots"
mkdir -p "$shots"
now=2026-11-22T09:00:00Z

# expectations REPORT_DIR USER: what check-report.mjs must see, from the run's own files. USER
# (may be empty) is searched for, filtered by its action and opened.
expectations() {
  jq -n --slurpfile s "$1/summary.json" --slurpfile u "$1/users.jsonl" --arg user "$2" '
    $s[0] as $s | ($u | map(select(.action != "unchanged")) | length) as $changed
    | {run_id: $s.run_id, status: $s.status, changes: $s.changes, actions: $s.actions, users: ($u | length),
       default_total: (if $changed > 0 then $changed else ($u | length) end)}
    + if $user == "" then {} else ($u | map(select(.username == $user))[0]) as $x | {
        search: {text: ($user | ascii_upcase), usernames: [$user]},
        filter: {action: $x.action, count: $s.actions[$x.action]},
        detail: {username: $user, before: $x.before, after: $x.after, changed: [$x.changes[].attribute],
                 groups_added: $x.groups.added, groups_removed: $x.groups.removed}} end'
}

# check REPORT_DIR USER SHOT: runs the browser check on REPORT_DIR/report.html.
check() {
  [ -f "$1/report.html" ] || fail "the run wrote no report.html (its folder has: $(ls "$1" | tr '\n' ' '))"
  if grep -Eq 'https?://' "$1/report.html"; then fail "$1/report.html names a URL: $(grep -Eo 'https?://[^ "]*' "$1/report.html" | head -3)"; fi
  expectations "$1" "$2" >"$work/expect.json"
  html_check "$1/report.html" "$work/expect.json" "$shots/$3.png" >"$work/check.out" 2>&1 ||
    fail "report.html of $1 in Chromium: $(cat "$work/check.out")"
  cat "$work/check.out"
}

d="$work/org"; copy_sample "$d"
run 0 "$USERSYNC" sync --config "$d/usersync.toml" --now "$now"
assert_contains "$work/out" "report.html"
r="$d/reports/run-000001"
# An updated user with groups added, whose username no other user's values contain: the search
# for it must list that user alone. Case-folded as the page does (the sample's names are ASCII).
user=$(jq -rs '
  map([.username, ((.before, .after, .sources) | select(. != null) | .[] | strings)] | join("\n") | ascii_downcase) as $hay
  | [.[] | select(.action == "update" and (.changes | length) > 0 and (.groups.added | length) > 0) | .username
     | select(ascii_downcase as $n | [$hay[] | select(contains($n))] | length == 1)] | first // empty' "$r/users.jsonl")
[ -n "$user" ] || fail "the sample run has no updated user with groups added and a unique username"
check "$r" "$user" sample-sync

# The same inputs on a copy: the same page, byte for byte.
d2="$work/copy"; copy_sample "$d2"
run 0 "$USERSYNC" sync --config "$d2/usersync.toml" --now "$now"
cmp "$r/report.html" "$d2/reports/run-000001/report.html" || fail "report.html differs between two identical runs"

# Nothing to change: the table opens on every (unchanged) user.
run 0 "$USERSYNC" sync --config "$d/usersync.toml" --now 2026-11-22T09:05:00Z
check "$d/reports/run-000002" "" sample-sync-no-changes
echo "html_report: ok"
