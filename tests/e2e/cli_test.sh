#!/usr/bin/env bash
# The command line itself: help, usage errors, config errors with file:line:col, init, validate,
# history and --json output.
source "$(dirname "$0")/lib.sh"
run 0 "$USERSYNC" --help
for c in init validate import plan apply sync history report; do assert_contains "$work/out" "  $c"; done
for c in init validate import plan apply sync history report; do
  run 0 "$USERSYNC" $c --help
  assert_contains "$work/out" "usage: usersync $c"
done
run 2 "$USERSYNC"
run 2 "$USERSYNC" snyc --config x
assert_contains "$work/err" "usersync: error: unknown command 'snyc'; did you mean 'sync'?"
run 2 "$USERSYNC" plan
assert_eq "$(cat "$work/err")" "usersync: error: --config FILE is required" "config required"
run 2 "$USERSYNC" plan --config x --bogus
assert_contains "$work/err" "usersync: error: plan: unrecognised option '--bogus'"
run 2 "$USERSYNC" plan --config "$SAMPLE/usersync.toml" --now yesterday
assert_eq "$(cat "$work/err")" "usersync: error: --now 'yesterday' is not an ISO 8601 time; expected e.g. 2026-11-22T09:00:00Z" "--now"
run 2 "$USERSYNC" plan --config "$work/none.toml"
assert_eq "$(cat "$work/err")" "usersync: error: $work/none.toml: config file not found" "missing config"

# Config errors name file:line:col.
d="$work/org"; copy_sample "$d"
cfg="$d/usersync.toml"
cp "$cfg" "$work/good.toml"
sed -i 's/^priority = 1/priorty = 1/' "$cfg"
run 2 "$USERSYNC" validate --config "$cfg"
assert_eq "$(head -1 "$work/err")" "usersync: error: $cfg:17:1: unknown key 'priorty' in [[source]]; did you mean 'priority'?" "typo"
cp "$work/good.toml" "$cfg"
sed -i 's/display_name = "{{ first_name }} {{ last_name }}"/display_name = "{{ first_name | lowr }}"/' "$cfg"
run 2 "$USERSYNC" validate --config "$cfg"
assert_eq "$(head -1 "$work/err")" "usersync: error: $cfg:25:33: in template \"{{ first_name | lowr }}\": unknown filter 'lowr'; did you mean 'lower'?" "template"
cp "$work/good.toml" "$cfg"
sed -i 's/^format = "csv"/format = "xml"/' "$cfg"
run 2 "$USERSYNC" validate --config "$cfg"
assert_eq "$(head -1 "$work/err")" "usersync: error: $cfg:15:10: unknown format 'xml' for source 'hr'; known formats: csv, xlsx, okta, graph, entra, google, keycloak, keycloak-export, onelogin, scim, ldif" "format"
printf 'database = "x.db"\n[directory\n' > "$cfg"
run 2 "$USERSYNC" validate --config "$cfg"
assert_contains "$work/err" "usersync: error: $cfg:2:"
cp "$work/good.toml" "$cfg"

# validate reads everything and changes nothing.
run 0 "$USERSYNC" validate --config "$cfg"
assert_contains "$work/out" "source hr: hr.csv: 283 records (utf-8, comma)"
assert_contains "$work/out" "directory: directory.csv: 311 users, 13 groups"
[ ! -e "$d/usersync.db" ] || fail "validate created the database"

# init writes a commented config that works as written next to the files it names.
mkdir -p "$work/init"
run 0 "$USERSYNC" init --out "$work/init/usersync.toml"
assert_contains "$work/init/usersync.toml" "# The state database"
run 2 "$USERSYNC" init --out "$work/init/usersync.toml"
assert_contains "$work/err" "already exists; use --force"
cp "$FIXTURES/init/hr.csv" "$FIXTURES/init/directory.csv" "$work/init/"
# The export's groups existed before usersync: the first sync creates and deactivates, but leaves
# those groups alone: a partial run (exit 6, warnings, not errors) until an admin decides.
run 6 "$USERSYNC" sync --config "$work/init/usersync.toml" --now 2026-11-22T09:00:00Z --json
assert_eq "$(jq -r .summary.changes.user_create "$work/out")" 1 "init config creates"
assert_eq "$(jq -r .summary.changes.user_deactivate "$work/out")" 1 "init config deactivates"
assert_eq "$(jq -r .summary.changes.membership_add "$work/out")" 0 "no membership in a conflicting group"
assert_eq "$(jq -c '[.summary.conflicts[] | {group, would_add, affected_users}]' "$work/out")" \
  '[{"group":"staff","would_add":["new"],"affected_users":1}]' "conflicts in the summary"
[ -f "$(jq -r .reports.users "$work/out")" ] || fail "--json names the report files"
assert_eq "$(cat "$work/err")" "usersync: warning: 1 group conflict(s) were not synced and wait for a decision: usersync conflicts list" "a partial run warns"
assert_eq "$(jq -r .summary.status "$work/out")" partial "the summary says partial"
assert_eq "$(jq -c .summary.held_back "$work/out")" '[{"kind":"group_conflicts","count":1,"message":"1 group conflict(s) were not synced and wait for a decision: usersync conflicts list","examples":[]}]' "held back in the summary"
run 0 "$USERSYNC" conflicts list --config "$work/init/usersync.toml"
assert_contains "$work/out" "    would add: new"
run 0 "$USERSYNC" conflicts accept staff --config "$work/init/usersync.toml" --now 2026-11-22T09:01:00Z
run 0 "$USERSYNC" sync --config "$work/init/usersync.toml" --now 2026-11-22T09:02:00Z --json
assert_eq "$(jq -r .summary.changes.membership_add "$work/out")" 1 "accepted group is synced"
run 2 "$USERSYNC" conflicts accept nosuch --config "$work/init/usersync.toml"
assert_contains "$work/err" "there is no group conflict named 'nosuch'"

run 0 "$USERSYNC" history --config "$work/init/usersync.toml" --json
assert_eq "$(jq -r '.[0].mode + " " + .[0].status' "$work/out")" "sync applied" "history --json"
assert_eq "$(jq -r 'length' "$work/out")" 2 "two runs"
run 2 "$USERSYNC" import --config "$work/init/usersync.toml" --source nope
assert_eq "$(cat "$work/err")" "usersync: error: no source named 'nope' in $work/init/usersync.toml; sources: hr" "unknown source"
run 0 "$USERSYNC" plan --config "$work/init/usersync.toml" --quiet
[ ! -s "$work/out" ] || fail "--quiet printed something"


# validate --show-config tells where every setting came from.
run 0 "$USERSYNC" validate --config "$SAMPLE/scenarios/preset-atlassian/usersync.toml" --show-config
assert_eq "$(grep '^mapping.display_name' "$work/out" | sed 's/  */ /g')" \
  "mapping.display_name = \"{{ User name | ascii }}\" # $SAMPLE/scenarios/preset-atlassian/usersync.toml:18" "configured"
assert_eq "$(grep '^mapping.username' "$work/out" | sed 's/  */ /g')" \
  "mapping.username = \"{{ email | before('@') | lower }}\" # preset atlassian-cloud" "from the preset"
assert_eq "$(grep '^group_separator' "$work/out" | tail -1 | sed 's/  */ /g')" "group_separator = \",\" # preset atlassian-cloud" "preset option"
assert_eq "$(grep '^max_deprovision ' "$work/out" | sed 's/  */ /g')" "max_deprovision = 500 # default" "default"
echo "cli: ok (show-config)"
