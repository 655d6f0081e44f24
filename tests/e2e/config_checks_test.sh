#!/usr/bin/env bash
# Checks made when the config loads: every attribute a config names must be one the directory has
# (built-in, a column of the directory export, or declared in [directory] attributes), and every
# malformed template is a config error at its line and column. A failing check exits 2, prints the
# whole message and creates neither a database nor reports.
source "$(dirname "$0")/lib.sh"
d="$work/org"; copy_sample "$d"
cfg="$d/usersync.toml"
cp "$cfg" "$work/good.toml"
known="Known attributes: username, email, external_id, first_name, last_name, display_name, active, groups, last_login, created, department; declare extra attributes in [directory] attributes"

# config_error MESSAGE: validate and plan both exit 2 with exactly "usersync: error: $cfg:MESSAGE".
config_error() {
  for command in validate plan; do
    run 2 "$USERSYNC" "$command" --config "$cfg" --now 2026-11-22T09:00:00Z
    assert_eq "$(cat "$work/err")" "usersync: error: $cfg:$1" "$command"
    [ ! -s "$work/out" ] || fail "$command printed a result: $(cat "$work/out")"
    [ ! -e "$d/usersync.db" ] || fail "$command created the database"
    [ ! -e "$d/reports" ] || fail "$command wrote reports"
  done
  cp "$work/good.toml" "$cfg"
}

# A misspelt mapping target is not a new attribute on every user.
sed -i 's/^display_name = "{{ first_name }} {{ last_name }}"/dispaly_name = "{{ first_name }} {{ last_name }}"/' "$cfg"
config_error "25:1: mapping target 'dispaly_name' is not an attribute of the directory; did you mean 'display_name'? $known"

# An extra attribute must be declared (or be a column of the export); declared, it is synced.
sed -i 's/^department = "department"/&\ncost_center = "{{ department | upper }}"/' "$cfg"
config_error "27:1: mapping target 'cost_center' is not an attribute of the directory. $known"
sed -i 's/^department = "department"/&\ncost_center = "{{ department | upper }}"/' "$cfg"
sed -i 's/^match_on = .*/&\nattributes = ["cost_center"]/' "$cfg"
run 0 "$USERSYNC" validate --config "$cfg"
[ ! -e "$d/usersync.db" ] || fail "validate created the database"
run 0 "$USERSYNC" plan --config "$cfg" --now 2026-11-22T09:00:00Z --report-dir "$work/declared" -q
assert_eq "$(jq -r 'select(.username == "abraun") | .after.cost_center' "$work/declared/users.jsonl")" FINANCE \
  "declared attribute"
rm -rf "$d/usersync.db"* "$d/reports"
cp "$work/good.toml" "$cfg"

# A column of the directory export is an attribute, whatever the case of its header.
sed -i '1s/$/,Cost_Center/; 2,$s/$/,/' "$d/directory.csv"
sed -i 's/^department = "department"/&\ncost_center = "{{ department | upper }}"/' "$cfg"
run 0 "$USERSYNC" validate --config "$cfg"
cp "$SAMPLE/directory.csv" "$d/directory.csv"
cp "$work/good.toml" "$cfg"

# match_on, rules and [no_match] name attributes too.
sed -i 's/^match_on = \["external_id", "email", "username"\]/match_on = ["shoe_size", "external_id", "email"]/' "$cfg"
config_error "6:13: match_on attribute 'shoe_size' is not an attribute of the directory. $known"
printf '\n[[rule]]\nattribute = "emial"\nmatch = "x"\n' >>"$cfg"
config_error "47:13: [[rule]] attribute 'emial' is not an attribute of the directory; did you mean 'email'? $known"
printf '\n[no_match]\ndepartmnet = "keep"\n' >>"$cfg"
config_error "47:1: [no_match] attribute 'departmnet' is not an attribute of the directory; did you mean 'department'? $known"

# Template syntax errors are config errors at their column, not bad input at the first record.
sed -i 's/^display_name = "{{ first_name }} {{ last_name }}"/display_name = "{{ first_name "/' "$cfg"
config_error "25:17: in template \"{{ first_name \": '{{' without a closing '}}'"
sed -i 's/^display_name = "{{ first_name }} {{ last_name }}"/display_name = "{{ first_name {{ last_name }}"/' "$cfg"
config_error "25:17: in template \"{{ first_name {{ last_name }}\": '{{' without a closing '}}'"
sed -i 's/^display_name = "{{ first_name }} {{ last_name }}"/display_name = "first_name }}"/' "$cfg"
config_error "25:28: in template \"first_name }}\": '}}' without an opening '{{'"
sed -i 's/^display_name = "{{ first_name }} {{ last_name }}"/display_name = "{{ first_name | before(\x27 \x27 }}"/' "$cfg"
config_error "25:44: in template \"{{ first_name | before(' ' }}\": expected ')'"

# The untouched sample still validates.
run 0 "$USERSYNC" validate --config "$cfg"
echo "config_checks: ok"
