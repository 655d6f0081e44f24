#!/usr/bin/env bash
# Runs every scenario under sample-data/scenarios/: each has a usersync.toml, its input files, and a
# `steps` file. A step line is "EXIT command [options]" (run as `usersync command --config … 
# --report-dir …` and expected to exit with EXIT) or "! shell command" (run in the scenario's
# folder, to swap input files between runs). After usersync step N, expected/stepN.users.jsonl and
# expected/stepN.summary.json, where present, must match the reports byte for byte.
# UPDATE_EXPECTED=1 writes the expectations instead (review them before committing).
source "$(dirname "$0")/lib.sh"
count=0
for scenario in "$SAMPLE"/scenarios/*/; do
  name=$(basename "$scenario")
  d="$work/$name"; cp -r "$scenario" "$d"; rm -rf "$d/expected" "$d"/*.db*
  step=0
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in ''|'#'*) continue ;; esac
    if [ "${line:0:1}" = "!" ]; then
      (cd "$d" && bash -c "${line:1}") || fail "$name: shell step failed: $line"
      continue
    fi
    step=$((step + 1))
    read -r want args <<<"$line"
    out="$work/$name-out/step$step"
    # shellcheck disable=SC2086
    run "$want" "$USERSYNC" $args --config "$d/usersync.toml" --report-dir "$out"
    for f in users.jsonl summary.json; do
      expected="$scenario/expected/step$step.$f"
      if [ "${UPDATE_EXPECTED:-0}" = 1 ] && [ -f "$out/$f" ]; then
        mkdir -p "$scenario/expected"; cp "$out/$f" "$expected"
      elif [ -f "$expected" ]; then
        diff -u "$expected" "$out/$f" || fail "$name step $step ($args): $f differs from $expected"
      fi
    done
    if [ -f "$scenario/expected/step$step.stderr" ]; then
      diff -u "$scenario/expected/step$step.stderr" <(sed "s|$d/||g; s|$work/||g" "$work/err") || fail "$name step $step: stderr differs"
    elif [ "${UPDATE_EXPECTED:-0}" = 1 ] && [ -s "$work/err" ]; then
      sed "s|$d/||g; s|$work/||g" "$work/err" > "$scenario/expected/step$step.stderr"
    fi
  done < "$scenario/steps"
  [ "$step" -gt 0 ] || fail "$name has no steps"
  count=$((count + 1))
done
[ "$count" -gt 0 ] || fail "no scenarios found"
echo "scenarios: $count ok"
