# A SCIM 2.0 target, against a real third-party SCIM server (scimmy + scimmy-routers on express,
# from the npm registry, tests/e2e/scim/) on 127.0.0.1: the directory is read from it, the plan
# is pushed to it, and its state afterwards must be what the same plan makes of the embedded
# directory. Faults (429 with Retry-After, 503, 409, a wrong token, signals, kill -9) each end
# in a documented exit code with every outcome recorded, and the token appears nowhere.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/scim/start-server.sh"
trap 'scim_stop; rm -rf "$work"' EXIT
scim_install

export SCIM_TOKEN="tok-$(od -An -tx1 -N12 /dev/urandom | tr -d ' \n')"
NOW=2026-11-22T10:00:00Z
d="$work/scim"
mkdir -p "$d"
cp "$SAMPLE/hr.csv" "$SAMPLE/contractors.csv" "$d/"

# The sample config with the directory read from the SCIM service instead of directory.csv.
scim_config() {
  sed -e '/^path = "directory.csv"$/d' -e 's/^\[directory\]$/[directory]\nattributes = ["department"]/' \
    "$SAMPLE/usersync.toml" >"$d/usersync.toml"
  cat >>"$d/usersync.toml" <<TOML

[target]
type = "scim"
url = "$SCIM_URL"
token_env = "USERSYNC_SCIM_TOKEN"
retries = ${1:-4}
page_size = 25
TOML
}
usersync() { USERSYNC_SCIM_TOKEN="${TOKEN_FOR_USERSYNC:-$SCIM_TOKEN}" "$USERSYNC" "$@"; }

# The service's users as "username email first last display active external_id department groups".
scim_table() {
  curl -sf "$SCIM_CONTROL/state" | jq -r '.users[] | [.userName,
      ((.emails // []) | map(select(.primary))[0].value // ""), .name.givenName // "", .name.familyName // "",
      .displayName // "", (.active | tostring), .externalId // "",
      (."urn:ietf:params:scim:schemas:extension:enterprise:2.0:User".department // ""),
      ([.groups[]?.display] | sort_by(ascii_downcase) | join(";"))] | @tsv' | LC_ALL=C sort
}
# The same of an embedded directory.
embedded_table() {
  sqlite3 -tabs "$1" "SELECT username, COALESCE(json_extract(attributes, '$.email'), ''),
      COALESCE(json_extract(attributes, '$.first_name'), ''), COALESCE(json_extract(attributes, '$.last_name'), ''),
      COALESCE(json_extract(attributes, '$.display_name'), ''), CASE active WHEN 1 THEN 'true' ELSE 'false' END,
      COALESCE(json_extract(attributes, '$.external_id'), ''), COALESCE(json_extract(attributes, '$.department'), ''),
      COALESCE((SELECT group_concat(name, ';') FROM (SELECT g.name FROM directory_memberships m
        JOIN directory_groups g ON g.id = m.group_id WHERE m.user_id = u.id ORDER BY g.name_key)), '')
      FROM directory_users u" | LC_ALL=C sort
}
# True when the service's table has a line matching $1 (not `scim_table | grep -q`: with pipefail,
# grep leaving early fails the pipeline whenever sort is still writing).
scim_has() { scim_table >"$work/now.tsv"; grep -q "$1" "$work/now.tsv"; }
writes() { curl -sf "$SCIM_CONTROL/log" | jq '[.[] | select(.method != "GET")] | length'; }
faults() { curl -sf -X POST -H 'Content-Type: application/json' -d "$1" "$SCIM_CONTROL/faults" >/dev/null; }
outputs=()  # every stdout/stderr, for the secrecy check at the end
keep_output() { cp "$work/out" "$work/out.$1"; cp "$work/err" "$work/err.$1"; outputs+=("$work/out.$1" "$work/err.$1"); }

# --- The desired state: the same sources and starting directory, synced into the embedded directory.
twin="$work/twin"
mkdir -p "$twin"
cp "$SAMPLE/hr.csv" "$SAMPLE/contractors.csv" "$FIXTURES/scim/directory.csv" "$twin/"
sed 's/^\[directory\]$/[directory]\nattributes = ["department"]/' "$SAMPLE/usersync.toml" >"$twin/usersync.toml"
run 0 "$USERSYNC" sync --config "$twin/usersync.toml" --now $NOW --quiet
embedded_table "$twin/usersync.db" >"$work/desired.tsv"

# --- 1. A drifted service, synced: its state is the desired state, every change recorded applied.
scim_start --seed "$FIXTURES/scim/seed.json" --max-results 20
scim_config
run 0 usersync sync --config "$d/usersync.toml" --now $NOW
keep_output first
# Memberships go as one PATCH per group and 100 members, not one request each.
group_patches=$(curl -sf "$SCIM_CONTROL/log" | jq '[.[] | select(.method == "PATCH" and (.path | startswith("/scim/v2/Groups/")))] | length')
[ "$group_patches" -le 20 ] || fail "$group_patches group PATCH requests for the first sync; expected one per group and 100 members"
assert_contains "$work/out" "(read from scim $SCIM_URL)"
scim_table >"$work/scim.tsv"
diff -u "$work/desired.tsv" "$work/scim.tsv" || fail "the SCIM service's state is not the desired state"
grep -q $'^leaver\tleaver@example.com\tLea\tVer\tLea Ver\tfalse' "$work/scim.tsv" || fail "leaver was not deactivated"
grep -q $'^gzimmermann\tgzimmermann@example.com\t.*\tengineering\tengineering;staff$' "$work/scim.tsv" ||
  fail "gzimmermann's email, department and groups were not set"
s="$d/reports/run-000001/summary.json"
assert_eq "$(jq -r .status "$s")" applied "first sync status"
assert_eq "$(jq -r '.outcomes.failed + .outcomes.skipped + .outcomes.not_sent' "$s")" 0 "nothing failed"
assert_eq "$(jq -r .outcomes.applied "$s")" "$(jq '[.changes[]] | add' "$s")" "every change applied"
assert_eq "$(sqlite3 "$d/usersync.db" "SELECT status FROM plans WHERE id = 1")" applied "plan status"
assert_eq "$(sqlite3 "$d/usersync.db" "SELECT count(*) FROM plan_changes WHERE outcome <> 'applied'")" 0 "outcomes recorded"
# The embedded copy mirrors what was pushed, with the service's ids.
embedded_table "$d/usersync.db" | diff -u "$work/desired.tsv" - || fail "the embedded copy differs from the service"
assert_eq "$(sqlite3 "$d/usersync.db" "SELECT count(*) FROM directory_users WHERE remote_id = ''")" 0 "remote ids kept"
# The change file addresses existing users by the service's ids and new ones by bulkId.
b="$d/reports/run-000001/changes.scim.json"
jq -e '.schemas == ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"]' "$b" >/dev/null || fail "not a BulkRequest"
gz=$(curl -sf "$SCIM_CONTROL/state" | jq -r '.users[] | select(.userName == "gzimmermann") | .id')
jq -e --arg p "/Users/$gz" '[.Operations[] | select(.path == $p and .method == "PATCH")] | length >= 2' "$b" >/dev/null ||
  fail "changes.scim.json does not patch gzimmermann by id"
jq -e '[.Operations[] | select(.method == "POST" and .path == "/Users")] | length > 100' "$b" >/dev/null ||
  fail "changes.scim.json lacks the creates"

# --- 1b. An admin undoes a change on the service right after the push: the next run sees it
# (drift) and sets it again.
gz=$(curl -sf "$SCIM_CONTROL/state" | jq -r '.users[] | select(.userName == "gzimmermann") | .id')
curl -sf -X PATCH -H "Authorization: Bearer $SCIM_TOKEN" -H 'Content-Type: application/scim+json' \
  -d '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department","value":"finance"}]}' \
  "$SCIM_URL/Users/$gz" >/dev/null
run 0 usersync sync --config "$d/usersync.toml" --now $NOW --quiet
keep_output reverted
assert_contains "$work/err" "1 user differs from what run 1 applied on the target: changed there since, or not kept by it?"
scim_has $'^gzimmermann\t.*\tengineering\tengineering;staff$' || fail "the undone change was not set again"
# The pushed run left the copy to be refreshed: import reads the service again, and says so.
run 0 usersync import --config "$d/usersync.toml" --now $NOW
assert_contains "$work/out" "directory refreshed from scim $SCIM_URL"

# --- 2. Nothing to do: a second sync reads and sends no write request.
curl -sf -X POST "$SCIM_CONTROL/reset-log" >/dev/null
run 0 usersync sync --config "$d/usersync.toml" --now $NOW --quiet
keep_output second
assert_eq "$(writes)" 0 "write requests of a sync with nothing to do"
assert_eq "$(last_run "$d/usersync.db")" "no_changes|" "second sync"

# --- 3. A service that answers 429 with Retry-After on every 6th request, and a 503 on one write:
# retried, honouring Retry-After; the run completes.
sed -i 's/^E0000002,fnowak,fnowak@example.com,Farid,Nowak,legal,/E0000002,fnowak,farid.nowak@example.com,Farid,Nowak,legal,/' "$d/hr.csv"
sed -i 's/^E0000003,\([^,]*\),\([^,]*\),\([^,]*\),\([^,]*\),[^,]*,/E0000003,\1,\2,\3,\4,design,/' "$d/hr.csv"
faults '{"rate_limit_every": 6, "retry_after": 1, "fail_503_writes": [1]}'
curl -sf -X POST "$SCIM_CONTROL/reset-log" >/dev/null
run 0 usersync sync --config "$d/usersync.toml" --now $NOW --quiet
keep_output retried
faults '{}'
assert_eq "$(curl -sf "$SCIM_CONTROL/log" | jq '[.[] | select(.status == 429)] | length > 0')" true "429s were sent"
assert_eq "$(curl -sf "$SCIM_CONTROL/log" | jq '[.[] | select(.status == 503)] | length')" 1 "one 503"
assert_eq "$(last_run "$d/usersync.db")" "applied|" "retried sync"
scim_has $'^fnowak\tfarid.nowak@example.com\t' || fail "fnowak's email was not pushed through the faults"

# --- 4. The service goes down in the middle of a push: exit 8 after the retries, what it took is
# recorded as applied and mirrored, the rest is not; the next sync completes it.
sed -i 's/,Coordinator,/,Coordinator II,/' "$d/hr.csv"  # not synced: title is not mapped
sed -i 's/^\(E00000[0-4][0-9]\),\([^,]*\),\([^,]*\),\([^,]*\),\([^,]*\),[^,]*,/\1,\2,\3,\4,\5,support,/' "$d/hr.csv"
faults '{"fail_503_after_writes": 5}'
sed -i 's/^retries = .*/retries = 1/' "$d/usersync.toml"
curl -sf -X POST "$SCIM_CONTROL/reset-log" >/dev/null
run 8 usersync sync --config "$d/usersync.toml" --now $NOW --quiet
keep_output down
assert_contains "$work/err" "the target is unavailable after 2 attempts (last: HTTP 503); try again later; 5 of"
faults '{}'
db="$d/usersync.db"
assert_eq "$(sqlite3 "$db" "SELECT status FROM plans ORDER BY id DESC LIMIT 1")" partial "plan cut short"
assert_eq "$(sqlite3 "$db" "SELECT count(*) FROM plan_changes WHERE plan_id = (SELECT max(id) FROM plans) AND outcome = 'applied'")" 5 "applied outcomes"
assert_eq "$(sqlite3 "$db" "SELECT count(*) FROM plan_changes WHERE plan_id = (SELECT max(id) FROM plans) AND outcome = 'not_sent'")" \
  "$(( $(sqlite3 "$db" "SELECT count(*) FROM plan_changes WHERE plan_id = (SELECT max(id) FROM plans)") - 5 ))" "not sent"
assert_eq "$(last_run "$db" | cut -d'|' -f1)" failed "the cut-short run's record"
r=$(ls -d "$d"/reports/run-* | tail -1)
assert_eq "$(jq -r '.outcomes.applied' "$r/summary.json")" 5 "summary outcomes"
jq -se 'any(.[]; .action == "error" and (.reasons | any(. == "not_sent")))' "$r/users.jsonl" >/dev/null ||
  fail "users.jsonl does not say what was not sent"
# report RUN renders the cut-short run's files again as they were (outcomes, change files).
run 0 usersync report --config "$d/usersync.toml" "$((10#${r##*run-}))" --out "$work/again-cut" --quiet
same_report "$r" "$work/again-cut"
run 0 usersync sync --config "$d/usersync.toml" --now $NOW --quiet
keep_output resumed
# What was never sent is planned again, not mistaken for drift on the target.
if grep -q "differ" "$work/err"; then fail "a cut-short push was taken for drift: $(cat "$work/err")"; fi
assert_eq "$(scim_table | awk -F'\t' '$8 == "support"' | wc -l)" "$(embedded_table "$db" | awk -F'\t' '$8 == "support"' | wc -l)" \
  "support department on the service and the copy"
[ "$(scim_table | awk -F'\t' '$8 == "support"' | wc -l)" -ge 30 ] || fail "the resumed sync did not complete the push"
scim_table | diff -u <(embedded_table "$db") - || fail "after the resumed sync the copy differs from the service"

# --- 5. The service rejects a change (409: someone created the same user, in another case, while the
# run was paused): that user is an error with reason target_rejected and the detail; their
# memberships are skipped; the rest is applied; exit 6.
printf 'E0900001,hsato,hsato@example.com,Hana,Sato,engineering,Engineer,true,"staff;engineering"\n' >>"$d/hr.csv"
curl -sf -X POST "$SCIM_CONTROL/reset-log" >/dev/null
( set +e; USERSYNC_TEST_HOOK=before_commit:sleep=3 usersync sync --config "$d/usersync.toml" --now $NOW --quiet \
    >"$work/out" 2>"$work/err"; echo $? >"$work/rc" ) &
pid=$!
for _ in $(seq 100); do  # until the run has read the service's groups: it is paused after that
  curl -sf "$SCIM_CONTROL/log" | jq -e '[.[] | select(.path | startswith("/scim/v2/Groups"))] | length > 0' >/dev/null &&
    break
  sleep 0.1
done
curl -sf -X POST -H "Authorization: Bearer $SCIM_TOKEN" -H 'Content-Type: application/scim+json' \
  -d '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"HSato","active":true}' "$SCIM_URL/Users" >/dev/null
wait $pid
assert_eq "$(cat "$work/rc")" 6 "a sync with a rejected change"
keep_output rejected
assert_contains "$work/err" "hsato: user_create: POST /Users: HTTP 409 (uniqueness)"
r=$(ls -d "$d"/reports/run-* | tail -1)
jq -se 'any(.[]; .username == "hsato" and .action == "error" and (.reasons | any(. == "target_rejected"))
       and (.errors[0] | contains("HTTP 409 (uniqueness)")))' "$r/users.jsonl" >/dev/null || fail "hsato's result"
assert_eq "$(jq -r '.outcomes.failed' "$r/summary.json")" 1 "one failure"
assert_eq "$(jq -r '.outcomes.skipped' "$r/summary.json")" 2 "hsato's two memberships skipped"
assert_eq "$(jq -r '.status' "$r/summary.json")" partial "status"
run 0 usersync report --config "$d/usersync.toml" "$((10#${r##*run-}))" --out "$work/again-rejected" --quiet
same_report "$r" "$work/again-rejected"
assert_eq "$(sqlite3 "$db" "SELECT count(*) FROM directory_users WHERE username_key = 'hsato'")" 0 "a failure is not mirrored"

# --- 6. A wrong token: exit 2, a clear message, nothing sent or recorded as applied.
curl -sf -X POST "$SCIM_CONTROL/reset-log" >/dev/null
plans=$(sqlite3 "$db" "SELECT count(*) FROM plans")
TOKEN_FOR_USERSYNC=wrong-token run 2 usersync sync --config "$d/usersync.toml" --now $NOW
keep_output wrong_token
assert_contains "$work/err" "GET /ServiceProviderConfig: the SCIM target refused usersync's credentials (HTTP 401); check the token"
assert_eq "$(writes)" 0 "writes with a wrong token"
assert_eq "$(sqlite3 "$db" "SELECT count(*) FROM plans")" "$plans" "no plan with a wrong token"
assert_eq "$(last_run "$db" | cut -d'|' -f1)" failed "the refused run is recorded"
# An unset variable is a config error before anything is sent.
run 2 env -u USERSYNC_SCIM_TOKEN "$USERSYNC" sync --config "$d/usersync.toml" --now $NOW
assert_contains "$work/err" "token_env names USERSYNC_SCIM_TOKEN, which is not set or empty"
# A token file others can read is refused.
printf '%s\n' "$SCIM_TOKEN" >"$work/token"
chmod 644 "$work/token"
sed -i "s|^token_env = .*|token_file = \"$work/token\"|" "$d/usersync.toml"
run 2 "$USERSYNC" plan --config "$d/usersync.toml" --now $NOW
assert_contains "$work/err" "can be read by other users; chmod 600 it"
chmod 600 "$work/token"
run 0 "$USERSYNC" plan --config "$d/usersync.toml" --now $NOW --quiet
keep_output token_file
run 0 "$USERSYNC" validate --config "$d/usersync.toml" --now $NOW --show-config
keep_output show_config
assert_contains "$work/out" "token_file = \"$work/token\""

# --- 7. Signals during the push: SIGTERM after the first change stops the push there (exit 143),
# that change is recorded and mirrored; kill -9 during the push leaves the plan "applying",
# which the next run marks partial; a final sync makes the service match.
sed -i 's/,support,/,people,/' "$d/hr.csv"
USERSYNC_TEST_HOOK=pushed_one:SIGTERM run 143 "$USERSYNC" sync --config "$d/usersync.toml" --now $NOW --quiet
keep_output sigterm
assert_contains "$work/err" "SIGTERM stopped the push after 1 of"
assert_eq "$(sqlite3 "$db" "SELECT count(*) FROM plan_changes WHERE plan_id = (SELECT max(id) FROM plans) AND outcome = 'applied'")" 1 "one change before SIGTERM"
assert_eq "$(last_run "$db" | cut -d'|' -f1)" interrupted "the interrupted run's record"
( USERSYNC_TEST_HOOK=pushed_one:sleep=30 exec "$USERSYNC" sync --config "$d/usersync.toml" --now $NOW --quiet \
    >/dev/null 2>&1 ) &
pid=$!
for _ in $(seq 100); do
  [ "$(sqlite3 "$db" "SELECT count(*) FROM plans WHERE status = 'applying'")" = 1 ] &&
    [ "$(sqlite3 "$db" "SELECT count(*) FROM plan_changes WHERE outcome <> '' AND plan_id = (SELECT max(id) FROM plans)")" = 1 ] && break
  sleep 0.1
done
kill -9 $pid
wait $pid || true
assert_eq "$(sqlite3 "$db" "SELECT status FROM plans ORDER BY id DESC LIMIT 1")" applying "plan left by kill -9"
run 0 "$USERSYNC" sync --config "$d/usersync.toml" --now $NOW --quiet
keep_output after_kill
assert_eq "$(sqlite3 "$db" "SELECT count(*) FROM plans WHERE status = 'applying'")" 0 "no plan left applying"
assert_eq "$(sqlite3 "$db" "SELECT count(*) FROM runs WHERE status = 'running'")" 0 "no run left running"
scim_table | diff -u <(embedded_table "$db") - || fail "after kill -9 and a sync the copy differs from the service"
assert_eq "$(scim_table | awk -F'\t' '$8 == "people"' | wc -l)" "$(grep -c ',people,' "$d/hr.csv")" "people department pushed"

# --- 8. The token is in no output, report, history or database file.
for f in "${outputs[@]}" "$d"/reports/*/* "$d"/usersync.db*; do
  if grep -qaF -- "$SCIM_TOKEN" "$f"; then fail "the token appears in $f"; fi
done
echo "scim target: ok"
