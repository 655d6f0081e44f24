# Shared helpers for the end-to-end suites. Each suite runs the real binary on real files in a
# scratch folder and checks exit codes, output and the files and database it leaves behind.
set -euo pipefail
: "${USERSYNC:?path to the usersync binary}" "${SAMPLE:?path to sample-data}" "${FIXTURES:?path to fixtures}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

# run WANT_EXIT cmd...: runs a command, keeps stdout/stderr in $work/out and $work/err.
run() {
  local want=$1; shift
  set +e
  "$@" >"$work/out" 2>"$work/err"
  local got=$?
  set -e
  [ "$got" -eq "$want" ] || fail "expected exit $want, got $got from: $*
stdout: $(cat "$work/out")
stderr: $(cat "$work/err")"
}

# A fresh copy of sample-data in $1.
copy_sample() { rm -rf "$1"; mkdir -p "$1"; cp -r "$SAMPLE/." "$1/"; rm -rf "$1/reports" "$1"/*.db*; }

# Every table that a failed run must leave as it was, as text.
db_state() {
  sqlite3 "$1" "
    SELECT 'meta', * FROM meta ORDER BY key;
    SELECT 'user', * FROM directory_users ORDER BY id;
    SELECT 'group', * FROM directory_groups ORDER BY id;
    SELECT 'member', * FROM directory_memberships ORDER BY user_id, group_id;
    SELECT 'import', * FROM imports ORDER BY id;
    SELECT 'records', import_id, count(*) FROM source_records GROUP BY import_id ORDER BY import_id;
    SELECT 'plan', * FROM plans ORDER BY id;
    SELECT 'changes', plan_id, count(*) FROM plan_changes GROUP BY plan_id ORDER BY plan_id;
    ${2:-SELECT 'run', * FROM runs ORDER BY id;
    SELECT 'results', run_id, count(*) FROM run_results GROUP BY run_id ORDER BY run_id;}"
}

# The same without history: a run that fails or is refused still leaves its record there.
data_state() { db_state "$1" "SELECT 'no history';"; }
# "status|first message" of the newest run.
last_run() { sqlite3 "$1" "SELECT status || '|' || COALESCE(json_extract(summary, '$.messages[0]'), '') FROM runs ORDER BY id DESC LIMIT 1"; }

# A change count from a summary.json.
change_count() { jq -r ".changes.$2" "$1"; }
action_count() { jq -r ".actions.$2" "$1"; }
assert_eq() { [ "$1" = "$2" ] || fail "$3: expected '$2', got '$1'"; }
assert_contains() { grep -qF -- "$2" "$1" || fail "$1 does not contain: $2
it has: $(cat "$1")"; }

# check_bad_input FIXTURE COMMAND EXPECTED: copies FIXTURE (a name under $FIXTURES, or a path) over
# $d/hr.csv, runs COMMAND on $cfg and expects exit 3 with EXPECTED as the first stderr line (the
# folder $d/ cut out), nothing on stdout, and no change to the database: a plan or sync leaves
# only its failed run in history (removed again here), import and validate leave no trace.
check_bad_input() {
  local file=$1 command=$2 expected=$3
  [ -f "$file" ] || file="$FIXTURES/$file"
  local name; name=$(basename "$file")
  cp "$file" "$d/hr.csv"
  local before; before=$(db_state "$d/usersync.db")
  local data; data=$(data_state "$d/usersync.db")
  local runs_before; runs_before=$(sqlite3 "$d/usersync.db" "SELECT count(*) FROM runs")
  run 3 "$USERSYNC" "$command" --config "$cfg" --now 2026-11-22T10:00:00Z
  assert_eq "$(head -1 "$work/err" | sed "s|$d/||g")" "$expected" "$name ($command)"
  [ "$(data_state "$d/usersync.db")" = "$data" ] || fail "$name: $command changed the database"
  case $command in
    sync|plan)
      assert_eq "$(sqlite3 "$d/usersync.db" "SELECT count(*) FROM runs")" $((runs_before + 1)) "$name: $command is recorded"
      assert_eq "$(last_run "$d/usersync.db" | head -1 | sed "s|$d/||g")" "failed|failed: ${expected#usersync: error: }" "$name: $command's record"
      sqlite3 "$d/usersync.db" "DELETE FROM runs WHERE id = (SELECT max(id) FROM runs)" ;;
    *) [ "$(db_state "$d/usersync.db")" = "$before" ] || fail "$name: $command left a trace" ;;
  esac
  [ ! -s "$work/out" ] || fail "$name: printed a result: $(cat "$work/out")"
}

# kept_lines USERS_JSONL: the lines history keeps: every user but the routine ones (unchanged, in
# sync, with no policy, error or correction), which a run counts but does not store (#11).
kept_lines() {
  jq -c 'select((.action == "unchanged" and .reasons == ["in_sync"] and .policies == [] and .errors == []
                 and (has("corrections") | not)) | not)' "$1"
}

# same_report ORIGINAL AGAIN: `report RUN` wrote AGAIN from history: summary.json and the change
# files are byte-identical, users.jsonl is the original's kept lines byte for byte, and the
# workbook and page are identical when the run had no routine users.
same_report() {
  local a=$1 b=$2 f
  for f in summary.json changes.csv changes.scim.json; do
    [ -e "$a/$f" ] || [ -e "$b/$f" ] || continue
    cmp "$a/$f" "$b/$f" || fail "report RUN: $f differs from the original in $a"
  done
  kept_lines "$a/users.jsonl" > "$work/kept.jsonl"
  cmp "$work/kept.jsonl" "$b/users.jsonl" || fail "report RUN: users.jsonl is not the original's kept lines ($a)"
  if cmp -s "$work/kept.jsonl" "$a/users.jsonl"; then
    diff -r "$a" "$b" || fail "report RUN differs from the original in $a"
  fi
}
