#!/usr/bin/env bash
# Identity-provider dumps (fixtures/dumps, described in its README.md) imported through their
# formats and presets: each reconciles to the users of fixtures/dumps/expected/<name>.tsv (record
# id, username, desired attributes, active, groups); a malformed dump ends the run with exit 3 and
# a message naming the file and the place (a JSON pointer or a line), and stages nothing; an
# unchanged dump is not read again. Every case runs, and the suite fails at the end naming those
# that did not pass.
source "$(dirname "$0")/lib.sh"
dumps="$FIXTURES/dumps"
expected="$dumps/expected"
now=2025-06-16T10:00:00Z  # when the dumps were taken
tab=$'\t'
# The directory attribute the presets map the employee id to.
employee_id_attr=external_id  # the presets map the employee id to external_id
failed=()

# try NAME FUNCTION ARGS...: runs one case in a subshell with its own errexit, so that a failing
# case is reported (by fail, on stderr) and the others still run.
try() {
  local name=$1; shift
  set +e
  (set -e; "$@")
  local rc=$?
  set -e
  [ "$rc" -eq 0 ] || failed+=("$name")
}

# config FILE FORMAT PRESET PATH [MORE]: one source "idp" reading PATH; no [directory] path, so the
# directory is the embedded one and starts empty.
config() {
  cat >"$1" <<TOML
database = "state.db"

[[source]]
name = "idp"
format = "$2"
preset = "$3"
path = "$4"
${5:-}
TOML
}

# setup NAME FORMAT PRESET PATH: a fresh folder $d with the config $cfg.
setup() {
  d="$work/$1"; rm -rf "$d"; mkdir -p "$d"
  cfg="$d/usersync.toml"
  config "$cfg" "$2" "$3" "$4"
}

# users_tsv USERS_JSONL: what expected/*.tsv holds, for every user that source "idp" lists: the
# record id there, the username, the desired attributes (`after`), active, and the groups the
# user ends up in (sorted, joined with |); one line per user, sorted by record id in byte order.
users_tsv() {
  printf 'source_id\tusername\temail\tfirst_name\tlast_name\tdisplay_name\tactive\tgroups\tdepartment\temployee_id\n'
  jq -r --arg employee_id "$employee_id_attr" '
    select(.sources.idp != null)
    | (.after // {}) as $a
    | [.sources.idp, .username, $a.email, $a.first_name, $a.last_name, $a.display_name,
       (if $a.active == null then null else ($a.active | tostring) end),
       ((.groups.member_of // []) | sort | join("|")),
       $a.department, $a[$employee_id]]
    | map(. // "") | @tsv' "$1" | LC_ALL=C sort -t "$tab" -k1,1
}

# reconciles NAME FORMAT PRESET PATH: the plan for the dump at PATH gives expected/NAME.tsv.
reconciles() {
  local name=$1
  setup "$@"
  # Against an empty directory a plan leaves a new user whom the dump says is inactive uncreated
  # (skipped, with no `after`). So a first sync, with `active` mapped to true, creates everybody
  # in the dump; the plan then shows each user as the dump has them, inactive ones deactivated.
  config "$d/seed.toml" "$2" "$3" "$4" $'[source.mapping]\nactive = { template = "true" }'
  run 0 "$USERSYNC" sync --config "$d/seed.toml" --now "$now" --report-dir "$d/seed" -q
  run 0 "$USERSYNC" plan --config "$cfg" --now "$now" --report-dir "$d/plan" -q
  users_tsv "$d/plan/users.jsonl" >"$d/users.tsv" || fail "$name: cannot read $d/plan/users.jsonl"
  diff -u "$expected/$name.tsv" "$d/users.tsv" >"$d/users.diff" ||
    fail "$name: the users planned from the $2 dump ($4) differ from expected/$name.tsv:
$(cat "$d/users.diff")"
}

dump_list=(
  # name            format           preset           path under fixtures/dumps
  "okta             okta             okta             okta"
  "graph            graph            graph            graph"
  "google           google           google           google"
  "keycloak         keycloak         keycloak         keycloak"
  "keycloak-export  keycloak-export  keycloak-export  keycloak-export/realm-export.json"
  "onelogin         onelogin         onelogin         onelogin"
  "scim             scim             scim             scim"
  "ldif-ad          ldif             ad               ldif/ad.ldif"
  "ldif-openldap    ldif             openldap         ldif/openldap.ldif"
)
for row in "${dump_list[@]}"; do
  read -r name format preset path <<<"$row"
  try "$name" reconciles "$name" "$format" "$preset" "$dumps/$path"
done

# With nested_groups = "flatten", Backend (inside Engineering wherever the source can nest) makes
# its members members of Engineering too: the expected users, with Engineering added to them.
flattened() {
  local name=$1
  setup "$name-flattened" "${@:2}"
  config "$cfg" "$2" "$3" "$4" 'nested_groups = "flatten"'
  config "$d/seed.toml" "$2" "$3" "$4" $'nested_groups = "flatten"\n[source.mapping]\nactive = { template = "true" }'
  run 0 "$USERSYNC" sync --config "$d/seed.toml" --now "$now" --report-dir "$d/seed" -q
  run 0 "$USERSYNC" plan --config "$cfg" --now "$now" --report-dir "$d/plan" -q
  users_tsv "$d/plan/users.jsonl" >"$d/users.tsv"
  awk -F '\t' -v OFS='\t' 'NR > 1 && $8 ~ /(^|[|])Backend([|]|$)/ && $8 !~ /(^|[|])Engineering([|]|$)/ {
      sub(/Backend/, "Backend|Engineering", $8) } { print }' "$expected/$name.tsv" >"$d/expected.tsv"
  diff -u "$d/expected.tsv" "$d/users.tsv" >"$d/users.diff" ||
    fail "$name: flattened nested groups differ from expected/$name.tsv with Engineering added to Backend's members:
$(cat "$d/users.diff")"
}
for row in "${dump_list[@]}"; do
  read -r name format preset path <<<"$row"
  case $name in okta | onelogin) continue ;; esac  # Okta and OneLogin cannot nest groups
  try "$name-flattened" flattened "$name" "$format" "$preset" "$dumps/$path"
done

# The application's own directory as a dump (its SCIM pages, carried across like the IdP's): read
# through the same importers, with its groups joined. Against the Okta dump of the same people it
# is in sync, except where the copy was made to drift.
directory_dump() {
  d="$work/directory-dump"; rm -rf "$d"; mkdir -p "$d"
  cp -r "$dumps/scim" "$d/app"
  jq '(.Resources[] | select(.userName == "zoe.angstrom@example.com") | .displayName) = "Zoe A."' \
    "$d/app/users-page-1.json" >"$d/p1" && mv "$d/p1" "$d/app/users-page-1.json"
  cat >"$d/usersync.toml" <<TOML
database = "state.db"
[directory]
format = "scim"
path = "app"
match_on = ["email", "username"]
[[source]]
name = "okta"
format = "okta"
path = "$dumps/okta"
TOML
  run 0 "$USERSYNC" plan --config "$d/usersync.toml" --now "$now" --report-dir "$d/plan" -q
  assert_eq "$(jq -r '.directory.users' "$d/plan/summary.json")" 12 "directory users read from the SCIM dump"
  assert_eq "$(jq -r '.directory.export' "$d/plan/summary.json")" "app" "directory export named as written"
  assert_eq "$(jq -r '[.[] | select(. > 0)] | length' <(jq '.changes' "$d/plan/summary.json"))" 1 "one kind of change"
  assert_eq "$(jq -r 'select(.action != "unchanged") | .username + " " + ([.changes[].attribute] | join(","))' \
    "$d/plan/users.jsonl")" "zoe.angstrom@example.com display_name" "only the drifted display name"
}
try directory-dump directory_dump

# --- Malformed dumps ---------------------------------------------------------------------------

# broken NAME FORMAT PRESET PATH: copies the dump at fixtures/dumps/PATH to $src (under $d),
# imports it as it is (which must work), and keeps the database's state in $state.
broken() {
  d="$work/$1"; rm -rf "$d"; mkdir -p "$d"
  src="$d/$(basename "$4")"
  cp -r "$dumps/$4" "$src"
  cfg="$d/usersync.toml"
  config "$cfg" "$2" "$3" "$src"
  run 0 "$USERSYNC" import --config "$cfg" --now "$now"
  state=$(db_state "$d/state.db")
}

# refused WHAT REGEX...: an import now ends with exit 3, prints nothing on stdout, the message's
# first line matches every REGEX (extended), and the database is as it was.
refused() {
  local what=$1; shift
  run 3 "$USERSYNC" import --config "$cfg" --now "$now"
  local first; first=$(head -1 "$work/err")
  for re in "$@"; do
    grep -qE -- "$re" <<<"$first" || fail "$what: the message does not match /$re/:
$(cat "$work/err")"
  done
  [ ! -s "$work/out" ] || fail "$what: printed a result: $(cat "$work/out")"
  [ "$(db_state "$d/state.db")" = "$state" ] || fail "$what: the refused import changed the database"
}

# (a) An Okta users page cut in half (at a line break, so the text is still UTF-8): the file
# and the line where the JSON stops making sense.
truncated_okta() {
  broken okta-truncated okta okta okta
  local f="$src/users-page-2.json"
  head -n $(($(wc -l <"$f") / 2)) "$f" >"$f.cut"; mv "$f.cut" "$f"
  refused "truncated Okta page" 'users-page-2\.json:[0-9]+'
}
try okta-truncated truncated_okta

# (b) A Graph users page that is the bare array of users instead of {"value": [...]}.
graph_bare_array() {
  broken graph-bare-array graph graph graph
  local f="$src/users-page-2.json"
  jq '.value' "$f" >"$f.new"; mv "$f.new" "$f"
  refused "Graph page without its envelope" 'users-page-2\.json(#/|:[0-9]+)'
}
try graph-bare-array graph_bare_array

# (c) Page 1 has @odata.nextLink, but page 2 is not in the dump: the message names the page with
# the link and the page that is missing.
graph_missing_page() {
  broken graph-missing-page graph graph graph
  rm "$src/users-page-2.json"
  refused "Graph page missing after @odata.nextLink" 'users-page-1\.json' '@odata\.nextLink' 'users-page-2\.json'
}
try graph-missing-page graph_missing_page

# (d) SCIM: totalResults says 12, but users-page-2.json (resources 7 to 12) is gone.
scim_missing_page() {
  broken scim-missing-page scim scim scim
  [ "$(jq .totalResults "$src/users-page-1.json")" = 12 ] || fail "scim/users-page-1.json: expected totalResults 12"
  rm "$src/users-page-2.json"
  refused "SCIM page missing before totalResults" 'users-page-1\.json(#/|:[0-9]+)' 'totalResults' 'users-page-2\.json'
}
try scim-missing-page scim_missing_page

# (e) AD: a `dn::` line whose base64 has a character base64 does not have.
ldif_bad_base64() {
  broken ldif-bad-base64 ldif ad ldif/ad.ldif
  local f="$src" line
  line=$(grep -n -m1 '^dn:: Q049Sm9z' "$f" | cut -d: -f1)
  [ -n "$line" ] || fail "ad.ldif: José's base64 DN line not found"
  sed -i "${line}s/^dn:: Q049Sm9z/dn:: Q049Sm9z!/" "$f"
  refused "invalid base64 in dn::" "ad\\.ldif:$line([^0-9]|\$)" 'base64'
}
try ldif-bad-base64 ldif_bad_base64

# (f) OpenLDAP: the file ends with a fold (a line that starts with a space) after a blank line, so
# there is no line for it to continue (importers/ldif_reader.h refuses it).
ldif_dangling_fold() {
  broken ldif-dangling-fold ldif openldap ldif/openldap.ldif
  local f="$src" line
  line=$(($(wc -l <"$f") + 2))  # the blank line, then the fold, with no line break after it
  printf '\n ' >>"$f"
  refused "fold at the end of the file" "openldap\\.ldif:$line([^0-9]|\$)"
}
try ldif-dangling-fold ldif_dangling_fold

# (g) An Okta user whose profile nests 100 objects deep: refused, not walked down.
okta_deep_nesting() {
  broken okta-deep-nesting okta okta okta
  local f="$src/users-page-1.json"
  jq '.[0].profile.deep = (reduce range(100) as $i ("leaf"; {a: .}))' "$f" >"$f.new"; mv "$f.new" "$f"
  refused "deeply nested user" 'users-page-1\.json(#/|:[0-9]+)' 'nested'
}
try okta-deep-nesting okta_deep_nesting

# --- An unchanged dump is reused ---------------------------------------------------------------

# The second import of the same folder reuses the staged one (by the checksum over every file of
# the folder); a changed file in it is read again.
okta_reused() {
  setup okta-reused okta okta "$work/okta-reused/okta"
  cp -r "$dumps/okta" "$d/okta"
  run 0 "$USERSYNC" import --config "$cfg" --now "$now"
  assert_contains "$work/out" "imported idp: "
  run 0 "$USERSYNC" import --config "$cfg" --now 2025-06-16T10:05:00Z
  assert_contains "$work/out" "unchanged idp: "
  ! grep -qF "imported idp: " "$work/out" || fail "okta-reused: the unchanged dump was read again: $(cat "$work/out")"
  assert_eq "$(sqlite3 "$d/state.db" "SELECT count(*) FROM imports WHERE source = 'idp'")" 1 "okta-reused: one import"
  printf '\n' >>"$d/okta/groups-page-1.json"
  run 0 "$USERSYNC" import --config "$cfg" --now 2025-06-16T10:10:00Z
  assert_contains "$work/out" "imported idp: "
}
try okta-reused okta_reused

[ ${#failed[@]} -eq 0 ] || fail "dumps: ${#failed[@]} case(s) failed: ${failed[*]}"
echo "dumps: ok"
