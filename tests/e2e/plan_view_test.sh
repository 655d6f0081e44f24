#!/usr/bin/env bash
# The plan in the terminal: after the summary, one line per changed user (the first 20 unless
# --show says), `history show RUN` with --user and --action, colour and progress only on a
# terminal (NO_COLOR honoured), and nothing extra for a script.
source "$(dirname "$0")/lib.sh"
d="$work/org"
copy_sample "$d"
cfg="$d/usersync.toml"
now=(--now 2026-11-22T09:00:00Z)

run 0 "$USERSYNC" plan --config "$cfg" "${now[@]}"
changed=$(jq -s '[.[] | select(.action != "unchanged")] | length' "$d/reports/run-000001/users.jsonl")
[ "$changed" -gt 20 ] || fail "the sample should change more than 20 users, not $changed"
view=$(grep -E '^  [-+~!?] ' "$work/out" || true)
assert_eq "$(printf '%s\n' "$view" | wc -l)" 20 "lines listed by default"
assert_contains "$work/out" "  ... and $((changed - 20)) more: usersync history show 1 --config $cfg --show all"
# The lines come after the summary, in username order, each as the plan decided it.
assert_eq "$(printf '%s\n' "$view" | head -1)" "  ~ update     afischer         username: akrueger -> afischer, display_name: Amélie Krüger -> Amélie Fischer, email: akrueger@example.com -> afischer@example.com, last_name: Krüger -> Fischer" "first line"
assert_contains "$work/out" "  + create     cjaegerorsted    (new_in_source, group_in_source)  +contractors, +design"
assert_contains "$work/out" "  - deactivate anovak           (missing_from_sources 0 days >= grace 0)"
grep -q $'\x1b' "$work/out" && fail "colour written to a pipe"
[ ! -s "$work/err" ] || fail "progress written when stderr is not a terminal: $(cat "$work/err")"

run 0 "$USERSYNC" plan --config "$cfg" "${now[@]}" --show all
assert_eq "$(grep -cE '^  [-+~!?] ' "$work/out")" "$changed" "--show all"
grep -q "more: usersync history show" "$work/out" && fail "--show all still cuts the list"
run 0 "$USERSYNC" plan --config "$cfg" "${now[@]}" --show none
assert_eq "$(grep -cE '^  [-+~!?] ' "$work/out" || true)" 0 "--show none"
run 0 "$USERSYNC" plan --config "$cfg" "${now[@]}" --show 3
assert_eq "$(grep -cE '^  [-+~!?] ' "$work/out")" 3 "--show 3"
run 0 "$USERSYNC" plan --config "$cfg" "${now[@]}" --json
grep -qE '^  [-+~!?] ' "$work/out" && fail "--json output has the plan view"
run 2 "$USERSYNC" plan --config "$cfg" "${now[@]}" --show some
assert_eq "$(cat "$work/err")" "usersync: error: --show takes all, none or a number of users, not 'some'" "bad --show"

# history show: any past run, by user or by action.
run 0 "$USERSYNC" history show 1 --config "$cfg"
assert_eq "$(head -1 "$work/out")" "run 1: plan, planned at 2026-11-22T09:00:00Z" "history show header"
assert_eq "$(grep -cE '^  [-+~!?] ' "$work/out")" "$changed" "history show lists every changed user"
run 0 "$USERSYNC" history show 1 --config "$cfg" --user ANOVAK
assert_eq "$(grep -E '^  [-+~!?] ' "$work/out")" "  - deactivate anovak           (missing_from_sources 0 days >= grace 0)" "--user"
deactivated=$(jq -s '[.[] | select(.action == "deactivate")] | length' "$d/reports/run-000001/users.jsonl")
run 0 "$USERSYNC" history show 1 --config "$cfg" --action deactivate --show 2
assert_eq "$(grep -cE '^  - deactivate ' "$work/out")" 2 "--action with --show"
assert_contains "$work/out" "  ... and $((deactivated - 2)) more: usersync history show 1 --config $cfg --action deactivate --show all"
run 0 "$USERSYNC" history show 1 --config "$cfg" --action unchanged --show 1
assert_eq "$(grep -c '^  ' "$work/out")" 2 "unchanged users are shown when asked for"
run 0 "$USERSYNC" history show 1 --config "$cfg" --user nobody
assert_contains "$work/out" "no user matches"
run 2 "$USERSYNC" history show 1 --config "$cfg" --action moved
assert_contains "$work/err" "--action moved: not an action"
run 2 "$USERSYNC" history show 99 --config "$cfg"
assert_eq "$(cat "$work/err")" "usersync: error: there is no run 99; see usersync history" "unknown run"

# On a terminal (script gives the run a pseudo-terminal): colour, and progress on stderr.
tty_run() { script -qec "$*" /dev/null >"$work/tty" 2>&1 || true; }
copy_sample "$work/fresh"  # nothing imported yet, so the import shows its progress
tty_run "$USERSYNC" plan --config "$work/fresh/usersync.toml" "${now[@]}" --show 3
grep -q $'\x1b\\[33m~ update' "$work/tty" || fail "no colour on a terminal: $(cat -v "$work/tty")"
grep -q 'importing hr: 283' "$work/tty" || fail "no import progress on a terminal: $(cat -v "$work/tty")"
grep -q 'writing results: ' "$work/tty" || fail "no progress of the results on a terminal"
grep -q 'planning: deciding ...' "$work/tty" || fail "no progress of the plan on a terminal"
NO_COLOR=1 tty_run "$USERSYNC" plan --config "$cfg" "${now[@]}" --show 3
grep -q $'\x1b\\[33m' "$work/tty" && fail "colour despite NO_COLOR"
grep -q '  ~ update     afischer' "$work/tty" || fail "no plan view on a terminal with NO_COLOR"
echo "plan view: ok"
