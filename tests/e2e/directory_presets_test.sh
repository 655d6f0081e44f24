#!/usr/bin/env bash
# The application's directory read like a source: real export layouts through presets (Atlassian
# Cloud with a Groups column or pivoted Group N columns, the older site export with one row per
# group membership, the Data Center user export), every date form, merged rows, and errors.
source "$(dirname "$0")/lib.sh"
a="$FIXTURES/atlassian"

# setup PRESET EXPORT [MATCH_ON]: a config whose directory is EXPORT read with PRESET.
setup() {
  d="$work/$1-$(basename "$2" .csv)"; rm -rf "$d"; mkdir -p "$d"
  cp "$a/$2" "$d/export.csv"; cp "$a/hr.csv" "$d/hr.csv"
  cat > "$d/usersync.toml" <<TOML
database = "state.db"
[directory]
path = "export.csv"
preset = "$1"
match_on = ["${3:-email}"]
attributes = ["department", "title"]
[groups]
include = ["staff"]
adopt = ["staff"]
[[source]]
name = "hr"
path = "hr.csv"
preset = "hr-csv"
TOML
  cfg="$d/usersync.toml"
}
# user NAME: "active|email|last_login|created|groups" of a directory user after an import.
user() {
  sqlite3 "$d/state.db" "SELECT active || '|' || json_extract(attributes, '$.email') || '|' || COALESCE(last_login, '') || '|' ||
    COALESCE(json_extract(attributes, '$.created'), '') || '|' ||
    COALESCE((SELECT group_concat(name, ',') FROM (SELECT g.name FROM directory_memberships m JOIN directory_groups g ON g.id = m.group_id
              WHERE m.user_id = u.id ORDER BY g.name_key)), '')
    FROM directory_users u WHERE username = '$1'"
}

setup atlassian-cloud cloud-users.csv
run 0 "$USERSYNC" import --config "$cfg" --now 2026-11-22T09:00:00Z
assert_contains "$work/out" "directory refreshed from export.csv"
assert_eq "$(user anna.schmidt)" "1|Anna.Schmidt@example.com|2026-11-21T00:00:00Z|2023-12-14T00:00:00Z|confluence-users,jira-software-users,staff" "cloud: the latest last-seen of two apps"
assert_eq "$(user jmueller)" "1|jmueller@example.com|2026-11-12T00:00:00Z|2024-01-02T00:00:00Z|confluence-users,staff" "cloud: Never accessed in one app"
assert_eq "$(user sobrien)" "0|sobrien@example.com|2025-02-01T00:00:00Z|2022-06-30T00:00:00Z|staff" "cloud: suspended is inactive"
assert_eq "$(user bot)" "0|bot@example.com||2021-05-05T00:00:00Z|" "cloud: never accessed anywhere, deactivated, no groups"
# The plan runs against it: Anna matches by email whatever its case (and takes HR's username);
# Hana is created; the suspended and deactivated accounts are left as they are.
run 0 "$USERSYNC" plan --config "$cfg" --now 2026-11-22T09:00:00Z --report-dir "$work/cloud-plan"
assert_eq "$(jq -r 'select(.username == "aschmidt") | .sources.hr + " " + .reasons[0]' "$work/cloud-plan/users.jsonl")" "anna.schmidt@example.com renamed_in_source" "matched by email"
assert_eq "$(jq -r 'select(.username == "bot") | .action + " " + .reasons[0]' "$work/cloud-plan/users.jsonl")" "unchanged already_inactive" "deactivated stays"
assert_eq "$(jq -r 'select(.username == "hsato") | .action' "$work/cloud-plan/users.jsonl")" create "new in HR"

setup atlassian-cloud cloud-users-pivoted.csv
run 0 "$USERSYNC" import --config "$cfg" --now 2026-11-22T09:00:00Z
assert_eq "$(user anna.schmidt)" "1|Anna.Schmidt@example.com|2026-11-21T00:00:00Z|2023-12-14T00:00:00Z|confluence-users,jira-software-users,staff" "pivoted groups"
assert_eq "$(user jmueller)" "1|jmueller@example.com||2024-01-02T00:00:00Z|confluence-users,staff" "pivoted, never accessed"

setup atlassian-site site-export.csv username
run 0 "$USERSYNC" import --config "$cfg" --now 2026-11-22T09:00:00Z
assert_eq "$(sqlite3 "$d/state.db" "SELECT count(*) FROM directory_users")" 3 "one user per person, not per row"
assert_eq "$(user aschmidt)" "1|Anna.Schmidt@example.com|2026-11-21T08:15:02Z||confluence-users,jira-software-users,staff" "site: rows merged, groups united"
assert_eq "$(user jmueller)" "1|jmueller@example.com|2012-12-14T15:31:57Z||confluence-users" "site: date with time"
assert_eq "$(user sobrien)" "0|sobrien@example.com|||staff" "site: No is inactive, no login"
# Rows of one user that disagree are an error naming both rows; nothing is imported.
setup atlassian-site site-export-conflict.csv username
run 3 "$USERSYNC" import --config "$cfg" --now 2026-11-22T09:00:00Z
assert_eq "$(head -1 "$work/err")" "usersync: error: $d/export.csv:3: user 'aschmidt' has email 'anna@other.example.com' here but 'Anna.Schmidt@example.com' on line 2; the rows of one user must agree (only their groups add up)" "conflicting rows"
[ ! -e "$d/state.db" ] || assert_eq "$(sqlite3 "$d/state.db" "SELECT count(*) FROM directory_users")" 0 "nothing imported"

setup atlassian-dc dc-users.csv username
run 0 "$USERSYNC" import --config "$cfg" --now 2026-11-22T09:00:00Z
assert_eq "$(user aschmidt)" "1|Anna.Schmidt@example.com|2026-11-23T14:05:09Z||" "dc: dd/MM/yyyy HH:mm:ss"
assert_eq "$(user jmueller)" "1|jmueller@example.com|||" "dc: never"
assert_eq "$(user sobrien)" "0|sobrien@example.com|2025-02-01T09:00:00Z||" "dc: Inactive"
# A date in no known form names the value and the formats tried.
sed -i 's|23/11/2026 14:05:09|2026-11-23 14:05|' "$d/export.csv"
run 3 "$USERSYNC" import --config "$cfg" --now 2026-11-22T09:10:00Z
assert_contains "$work/err" "export.csv:2"
assert_contains "$work/err" "the directory's mapping failed on this row: last_login: '2026-11-23 14:05' is not a date in the format '%d/%m/%Y %H:%M:%S'"

# A changed directory mapping refreshes the directory even though the file did not change.
setup atlassian-dc dc-users.csv username
run 0 "$USERSYNC" import --config "$cfg" --now 2026-11-22T09:00:00Z
run 0 "$USERSYNC" import --config "$cfg" --now 2026-11-22T09:01:00Z
[ ! -s "$work/out" ] || ! grep -q "directory refreshed" "$work/out" || fail "an unchanged export was read again"
printf '[directory.mapping]\ndisplay_name = "{{ Full Name | upper }}"\n' >> "$cfg"
run 0 "$USERSYNC" import --config "$cfg" --now 2026-11-22T09:02:00Z
assert_contains "$work/out" "directory refreshed from export.csv"
assert_eq "$(sqlite3 "$d/state.db" "SELECT json_extract(attributes, '$.display_name') FROM directory_users WHERE username = 'jmueller'")" "JÖRG MÜLLER" "the override is applied"
echo "directory_presets: ok"
