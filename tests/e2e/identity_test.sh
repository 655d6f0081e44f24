#!/usr/bin/env bash
# Identity across sources, end to end: an HR CSV with a crosswalk to the application's accounts,
# and a legacy IdP being retired. A crosswalked person whose name and email both changed is an
# update, not a create plus a deactivation; the retiring source keeps its people (nobody created
# from it, nobody deprovisioned while it lists them) and fills only what HR leaves empty; a record
# whose keys point at two accounts is correlation_ambiguous and nothing changes for anyone involved.
source "$(dirname "$0")/lib.sh"
d="$work/identity"; mkdir -p "$d"
cat >"$d/directory.csv" <<'CSV'
username,email,first_name,last_name,display_name,active,groups,external_id,title
ann,ann@example.com,Ann,Lee,Ann Lee,true,,E1,
bob,bob@example.com,Bob,Ray,Bob Ray,true,,E2,
carl,carl@example.com,Carl,Old,Carl Old,true,,,
dave,dave@example.com,Dave,Gone,Dave Gone,true,,,
jsmith,jane.smith@example.com,Jane,Smith,Jane Smith,true,,,
frank,frank@example.com,Frank,Ng,Frank Ng,true,,E6,
gina,gina@example.com,Gina,Ho,Gina Ho,true,,E7,
CSV
cat >"$d/hr.csv" <<'CSV'
employee_id,login,email,first_name,last_name,department,title,active,groups
E1,ann,ann@example.com,Ann,Lee,,,true,
E2,bob,bob@example.com,Bob,Ray,,,true,
E42,jdoe,jane.doe@example.com,Jane,Doe,,,true,
E6,frank,frank@example.com,Frank,Ng,,,true,
E7,gina,gina@example.com,Gina,Ho,,,true,
CSV
cat >"$d/crosswalk.csv" <<'CSV'
source_id,username
E42,jsmith
CSV
# The legacy IdP: carl only there (kept); newbie only there (not created); frank's title filled
# in from it; the record "bob" has gina's email: ambiguous.
cat >"$d/legacy.csv" <<'CSV'
id,login,mail,title,enabled
L3,carl,carl@example.com,Old Timer,false
L4,newbie,newbie@example.com,New,true
L6,frank,frank@example.com,Legacy Title,true
L9,bob,gina@example.com,,true
CSV
cat >"$d/usersync.toml" <<'TOML'
database = "state.db"
[directory]
path = "directory.csv"
match_on = ["external_id", "email", "username"]
attributes = ["title"]

[[source]]
name = "hr"
path = "hr.csv"
preset = "hr-csv"
crosswalk = "crosswalk.csv"

[[source]]
name = "legacy"
path = "legacy.csv"
role = "retiring"
key = "username"
[source.mapping]
username = "login"
email = "mail"
title = "title"
active = "enabled"
TOML
run 6 "$USERSYNC" sync --config "$d/usersync.toml" --now 2026-06-01T00:00:00Z --report-dir "$d/r"
users="$d/r/users.jsonl"
action() { jq -r --arg u "$1" 'select(.username == $u) | .action + " " + (.reasons | join(","))' "$users" | sort -u; }
# Jane: correlated through the crosswalk, renamed and re-addressed, not created nor deactivated.
assert_eq "$(action jdoe)" "update renamed_in_source,attribute_changed" "crosswalked jane"
assert_eq "$(jq -r 'select(.username == "jdoe") | .sources.hr' "$users")" "E42" "jane's source record"
# The retiring source: carl kept, newbie not created, frank's empty title filled from it.
assert_eq "$(action carl)" "skipped kept_by_retiring_source" "carl"
assert_eq "$(action newbie)" "skipped retiring_source_only" "newbie"
assert_eq "$(jq -r 'select(.username == "frank") | .after.title' "$users")" "Legacy Title" "frank's title"
# dave is in no source: deactivated as before.
assert_eq "$(action dave)" "deactivate missing_from_sources" "dave"
# The legacy record bob matches bob (username) and gina (email): all three are ambiguous; nothing changes for them.
for u in bob gina; do
  assert_eq "$(action $u)" "error correlation_ambiguous" "$u"
done
assert_eq "$(jq -r 'select(.username == "gina") | .errors[0]' "$users" | grep -c "source 'legacy' record bob matches")" 1 "names the legacy record"
assert_eq "$(jq -r 'select(.username == "bob" or .username == "gina") | .changes | length' "$users" | sort -u)" "0" "no changes for the ambiguous"
changes=$(jq -r '.changes | to_entries | map(select(.value > 0) | "\(.key)=\(.value)") | join(" ")' "$d/r/summary.json")
assert_eq "$changes" "user_deactivate=1 user_rename=1 user_update=5" "changes"
# A missing crosswalk is bad input, located.
rm "$d/crosswalk.csv"
run 3 "$USERSYNC" plan --config "$d/usersync.toml" --now 2026-06-01T00:00:00Z
assert_contains "$work/err" "crosswalk.csv"
echo "identity: ok"
