#!/usr/bin/env bash
# A sync killed at any moment leaves the database consistent: the integrity check passes, no run
# is left half-recorded, the directory is either as before or fully synced, and the next sync
# finishes the job. Kills at several points of a run on a 30,000-person organisation.
source "$(dirname "$0")/lib.sh"
: "${GEN_ORG:?path to gen_org}"
d="$work/org"
"$GEN_ORG" --users 30000 --contractors 1000 --out "$d"
cfg="$d/usersync.toml"
for delay in 0.2 0.7 1.5 3; do
  "$USERSYNC" sync --config "$cfg" --now 2026-11-22T09:00:00Z --allow-mass-changes -q >/dev/null 2>&1 &
  pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  [ -f "$d/usersync.db" ] || continue
  assert_eq "$(sqlite3 "$d/usersync.db" 'PRAGMA integrity_check')" ok "integrity after a kill at ${delay}s"
  # Killed before the schema's first transaction committed (likely under a sanitizer's slower
  # start): an empty file, which the next run sets up.
  if [ "$(sqlite3 "$d/usersync.db" "SELECT count(*) FROM sqlite_master WHERE name = 'runs'")" = 0 ]; then
    assert_eq "$(sqlite3 "$d/usersync.db" 'PRAGMA user_version')" 0 "an empty database after a kill at ${delay}s"
    continue
  fi
  assert_eq "$(sqlite3 "$d/usersync.db" "SELECT count(*) FROM runs WHERE status = 'running'")" 0 "no half-recorded run"
  runs=$(sqlite3 "$d/usersync.db" "SELECT count(*) FROM runs")
  users=$(sqlite3 "$d/usersync.db" "SELECT count(*) FROM directory_users")
  if [ "$runs" -eq 0 ]; then
    assert_eq "$users" 0 "a killed first run left users behind"
  else
    # The run committed whole: one sync, with its plan applied.
    assert_eq "$(sqlite3 "$d/usersync.db" "SELECT status FROM runs ORDER BY id DESC LIMIT 1")" applied "committed run"
    break
  fi
done
run 0 "$USERSYNC" sync --config "$cfg" --now 2026-11-22T09:10:00Z --allow-mass-changes --report-dir "$work/after"
run 0 "$USERSYNC" sync --config "$cfg" --now 2026-11-22T09:20:00Z --report-dir "$work/again"
assert_eq "$(jq '[.changes[]] | add' "$work/again/summary.json")" 0 "the sync after recovery has nothing left to do"

# Killed while its reports are being written, before the commit: the staging folder it leaves
# (named with its pid) is removed by the next run, since that process is gone.
copy_sample "$work/small"
USERSYNC_TEST_HOOK=before_commit:sleep=30 "$USERSYNC" sync --config "$work/small/usersync.toml" \
  --now 2026-11-22T09:00:00Z -q >/dev/null 2>&1 &
pid=$!
for _ in $(seq 200); do compgen -G "$work/small/reports/.run-*.tmp-$pid" >/dev/null && break; sleep 0.1; done
sleep 1  # the reports are fed before the commit, where the hook waits
kill -9 "$pid"; wait "$pid" 2>/dev/null || true
compgen -G "$work/small/reports/.run-*.tmp-$pid" >/dev/null || fail "no staging folder to leave behind"
run 0 "$USERSYNC" sync --config "$work/small/usersync.toml" --now 2026-11-22T09:00:00Z -q
compgen -G "$work/small/reports/.*" >/dev/null && fail "a killed run's staging folder stayed: $(ls -a "$work/small/reports")"
echo "kill: ok"
