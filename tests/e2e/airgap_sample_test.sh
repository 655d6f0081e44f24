#!/usr/bin/env bash
# The air-gapped sample (sample-data/airgap): an Okta dump folder and an AD LDIF export reconcile
# the application's directory export. The plan changes nothing; the sync creates, updates and
# deactivates exactly the people the sample's README names, with the group changes it names; a
# second sync changes nothing.
source "$(dirname "$0")/lib.sh"
d="$work/airgap"; mkdir -p "$d"; cp -r "$SAMPLE/airgap/." "$d/"; rm -rf "$d/reports" "$d"/*.db*
cfg="$d/usersync.toml"
now=2025-06-16T10:00:00Z  # when the dump was taken

# users FILTER: the usernames of the users FILTER selects in $u, sorted ignoring case, comma-separated.
users() { jq -rs "[.[] | select($1) | .username] | sort_by(ascii_downcase) | join(\",\")" "$u"; }
# groups USERNAME: "added|removed" of one user, each sorted and joined with ";".
groups() { jq -rs --arg n "$1" '.[] | select(.username == $n) | .groups
                                | "\(.added | sort | join(";"))|\(.removed | sort | join(";"))"' "$u"; }

run 0 "$USERSYNC" plan --config "$cfg" --now "$now" --report-dir "$work/plan"
assert_eq "$(jq -r .status "$work/plan/summary.json")" planned "plan status"
assert_eq "$(sqlite3 "$d/usersync.db" "SELECT count(*) FROM directory_users WHERE active = 1")" 11 "plan changed nothing"

run 0 "$USERSYNC" sync --config "$cfg" --now "$now" --report-dir "$work/sync"
s="$work/sync/summary.json" u="$work/sync/users.jsonl"
assert_eq "$(jq -r .status "$s")" applied "sync status"
assert_eq "$(jq -r '[.sources[] | "\(.name)=\(.records)"] | join(",")' "$s")" "okta=12,ad=12" "sources read"
assert_eq "$(jq -c .changes "$s")" \
  '{"group_create":0,"membership_add":2,"membership_remove":3,"user_create":1,"user_deactivate":2,"user_delete":0,"user_reactivate":0,"user_rename":0,"user_update":6}' \
  "change counts"
assert_eq "$(jq -c .actions "$s")" \
  '{"create":1,"deactivate":2,"delete":0,"error":0,"reactivate":0,"skipped":2,"unchanged":4,"update":5}' \
  "action counts"
assert_eq "$(jq -c '[.held_back, .conflicts]' "$s")" '[[],[]]' "nothing held back, no conflicts"
cmp "$work/plan/users.jsonl" "$u" || fail "the sync did other than the plan said"

# Priya (PROVISIONED: activated, never signed in) is created; Hannah (STAGED) is not.
assert_eq "$(users '.action == "create"')" "priya.raman@example.com" "created"
assert_eq "$(users '.action == "skipped" and .reasons == ["inactive_in_source"]')" "hannah.becker@example.com" "not created"
# Dana is DEPROVISIONED in Okta (and disabled in AD); Tom is in neither source.
assert_eq "$(users '.action == "deactivate"')" "dana.whitfield@example.com,tom.baker@example.com" "deactivated"
assert_eq "$(users '.action == "deactivate" and (.reasons | index("inactive_in_source"))')" "dana.whitfield@example.com" "inactive in source"
assert_eq "$(users '.action == "deactivate" and (.reasons | index("missing_from_sources"))')" "tom.baker@example.com" "missing from sources"
assert_eq "$(users '.action == "update"')" \
  "jose.nunez@example.com,kwame.mensah@example.com,mateo.rossi@example.com,Sean.OBrien@Example.com,zoe.angstrom@example.com" "updated"
assert_eq "$(users '.action == "skipped" and .reasons == ["protected_user"]')" "admin" "protected"

# Group changes: the adopted groups follow Okta; jira-software-users (in no source) is left alone.
assert_eq "$(groups mateo.rossi@example.com)" "Engineering|Backend" "Mateo's groups"
assert_eq "$(groups zoe.angstrom@example.com)" "Sales, EMEA|" "Zoë's groups"
assert_eq "$(groups kwame.mensah@example.com)" "|Sales, EMEA" "Kwame's groups"
assert_eq "$(groups dana.whitfield@example.com)" "|Sales, EMEA" "Dana's groups"
assert_eq "$(jq -rs '.[] | select(.username == "dana.whitfield@example.com") | .groups.member_of | join(";")' "$u")" \
  "jira-software-users" "Dana keeps the unmanaged group"
# Attribute changes come from Okta (priority 1); both sources correlate by email.
assert_eq "$(jq -rs '.[] | select(.username == "jose.nunez@example.com")
                     | [.changes[] | "\(.attribute)=\(.to)"] | join(",")' "$u")" \
  "display_name=José Núñez,first_name=José,last_name=Núñez" "José's changes"
assert_eq "$(jq -rs '.[] | select(.username == "zoe.angstrom@example.com") | .sources | keys | join(",")' "$u")" \
  "ad,okta" "Zoë is in both sources"

# The change file for the other side of the air gap, and the directory now.
assert_contains "$work/sync/changes.csv" "dana.whitfield@example.com,user_deactivate,,,true,false,inactive_in_source"
assert_contains "$work/sync/changes.csv" 'mateo.rossi@example.com,membership_add,Engineering,,,,group_in_source'
db="$d/usersync.db"
assert_eq "$(sqlite3 "$db" "SELECT group_concat(username, ',') FROM (SELECT username FROM directory_users WHERE active = 0 ORDER BY username)")" \
  "dana.whitfield@example.com,ingrid.solberg@example.com,tom.baker@example.com" "inactive in the directory"
assert_eq "$(sqlite3 "$db" "SELECT count(*) FROM directory_users")" 13 "directory users"

# A second sync with the same inputs changes nothing.
run 0 "$USERSYNC" sync --config "$cfg" --now 2025-06-16T10:05:00Z --report-dir "$work/again"
assert_eq "$(jq -r .status "$work/again/summary.json")" no_changes "second sync status"
assert_eq "$(jq -r '[.changes[]] | add' "$work/again/summary.json")" 0 "second sync changes"
u="$work/again/users.jsonl"
assert_eq "$(users '.action != "unchanged" and .action != "skipped"')" "" "second sync: everybody unchanged or skipped"
echo "airgap_sample: ok"
