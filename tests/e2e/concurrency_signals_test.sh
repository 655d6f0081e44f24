#!/usr/bin/env bash
# One run at a time, and clean interruption. USERSYNC_TEST_HOOK makes a run pause or send itself
# a signal at a named point (locked, imported, planned, before_commit, committed, reported), so
# "a signal between the commit and the reports" is a repeatable test rather than a race.
source "$(dirname "$0")/lib.sh"
d="$work/org"; copy_sample "$d"
cfg="$d/usersync.toml"
run 0 "$USERSYNC" plan --config "$cfg" --now 2026-11-22T08:00:00Z -q

# Two syncs at once: the second waits, then gives up with exit 7 naming the holder.
USERSYNC_TEST_HOOK=planned:sleep=4 "$USERSYNC" sync --config "$cfg" --now 2026-11-22T09:00:00Z -q &
first=$!
for _ in $(seq 100); do [ -s "$d/usersync.db.lock" ] && break; sleep 0.05; done
run 7 "$USERSYNC" sync --config "$cfg" --now 2026-11-22T09:00:01Z --wait 1
assert_contains "$work/err" "usersync: error: another usersync run (pid $first on "
assert_contains "$work/err" ", sync, started "
assert_contains "$work/err" ") holds usersync.db; waited 1 s (--wait SECONDS to wait longer); nothing was changed"
# Readers never wait for a writer: history answers while the sync still holds the database.
run 0 "$USERSYNC" history --config "$cfg"
assert_contains "$work/out" "1     plan"
kill -0 "$first" 2>/dev/null || fail "the first sync had already finished: the reader did not overlap it"
run 0 "$USERSYNC" conflicts list --config "$cfg"
# A second run that waits long enough goes after the first, with nothing left to do.
run 0 "$USERSYNC" sync --config "$cfg" --now 2026-11-22T09:00:02Z --wait 60 --report-dir "$work/second"
wait "$first" || fail "the first sync failed"
assert_eq "$(jq -r .status "$work/second/summary.json")" no_changes "the waiting run came second"
assert_eq "$(sqlite3 "$d/usersync.db" "SELECT group_concat(status, ',') FROM runs ORDER BY id")" "planned,applied,no_changes" "runs in order"

# Signals before the commit: roll back, exit 130 (SIGINT) or 143 (SIGTERM), nothing changed, no
# report folder. A new source file makes each of these runs do real work.
sed -i 's/Greta,Zimmermann,engineering/Greta,Zimmermann-Ost,engineering/' "$d/hr.csv"
state=$(db_state "$d/usersync.db")
for hook in locked:SIGINT imported:SIGTERM planned:SIGINT before_commit:SIGTERM; do
  want=130; [ "${hook#*:}" = SIGTERM ] && want=143
  USERSYNC_TEST_HOOK=$hook run $want "$USERSYNC" sync --config "$cfg" --now 2026-11-22T10:00:00Z --report-dir "$work/int-${hook%%:*}"
  assert_eq "$(cat "$work/err")" "usersync: error: interrupted; nothing was changed" "message at $hook"
  [ "$(db_state "$d/usersync.db")" = "$state" ] || fail "a run interrupted at $hook changed the database"
  [ ! -e "$work/int-${hook%%:*}" ] || fail "a run interrupted at $hook left a report folder"
done
# import, validate and apply stop the same way.
USERSYNC_TEST_HOOK=before_commit:SIGINT run 130 "$USERSYNC" import --config "$cfg" --now 2026-11-22T10:00:00Z
[ "$(db_state "$d/usersync.db")" = "$state" ] || fail "an interrupted import changed the database"
USERSYNC_TEST_HOOK=planned:SIGTERM run 143 "$USERSYNC" validate --config "$cfg" --now 2026-11-22T10:00:00Z
assert_eq "$(tail -1 "$work/err")" "usersync: error: interrupted; nothing was changed" "validate interrupted"
run 0 "$USERSYNC" plan --config "$cfg" --now 2026-11-22T10:01:00Z -q
state=$(db_state "$d/usersync.db")
USERSYNC_TEST_HOOK=before_commit:SIGTERM run 143 "$USERSYNC" apply --config "$cfg" --now 2026-11-22T10:02:00Z
[ "$(db_state "$d/usersync.db")" = "$state" ] || fail "an interrupted apply changed the database"

# After the commit a signal waits for the reports: the run is recorded and its folder is whole.
USERSYNC_TEST_HOOK=committed:SIGTERM run 0 "$USERSYNC" sync --config "$cfg" --now 2026-11-22T10:05:00Z --report-dir "$work/late"
assert_eq "$(cat "$work/err")" "usersync: warning: SIGTERM arrived after the changes were committed; the run was completed" "late signal"
assert_eq "$(last_run "$d/usersync.db" | cut -d'|' -f1)" applied "committed run"
[ -s "$work/late/summary.json" ] && [ -s "$work/late/users.jsonl" ] || fail "the reports after a late signal are incomplete"
assert_eq "$(jq -r .run_id "$work/late/summary.json")" "$(sqlite3 "$d/usersync.db" "SELECT max(id) FROM runs")" "the reports are the committed run's"
assert_eq "$(jq -r 'select(.username == "gzimmermann") | .changes[0].to' "$work/late/users.jsonl")" "Greta Zimmermann-Ost" "the change"
[ -z "$(find "$work" -maxdepth 1 -name '.*.tmp-*')" ] || fail "a temporary report folder was left behind"

# A real signal from outside, at several moments of a bigger sync: either nothing changed (130)
# or the run completed with whole reports (0); the database is consistent either way.
: "${GEN_ORG:?path to gen_org}"
g="$work/big"
"$GEN_ORG" --users 20000 --contractors 500 --out "$g" >/dev/null
for delay in 0.3 1 2; do
  before=$(sqlite3 "$g/usersync.db" "SELECT count(*) FROM runs" 2>/dev/null || echo 0)
  "$USERSYNC" sync --config "$g/usersync.toml" --now 2026-11-22T09:00:00Z --allow-mass-changes -q --report-dir "$work/big-$delay" 2>"$work/big-err" &
  pid=$!
  sleep "$delay"
  kill -INT "$pid" 2>/dev/null || true
  set +e; wait "$pid"; code=$?; set -e
  case "$code" in
    130) assert_eq "$(cat "$work/big-err")" "usersync: error: interrupted; nothing was changed" "interrupted at ${delay}s"
         [ ! -e "$work/big-$delay" ] || fail "an interrupted run left reports"
         [ ! -f "$g/usersync.db" ] || assert_eq "$(sqlite3 "$g/usersync.db" "SELECT count(*) FROM runs")" "$before" "no run recorded" ;;
    0) [ -s "$work/big-$delay/summary.json" ] || fail "a completed run has no reports" ;;
    *) fail "exit $code after SIGINT at ${delay}s: $(cat "$work/big-err")" ;;
  esac
  [ ! -f "$g/usersync.db" ] || assert_eq "$(sqlite3 "$g/usersync.db" 'PRAGMA integrity_check')" ok "integrity after SIGINT at ${delay}s"
done
echo "concurrency_signals: ok"
