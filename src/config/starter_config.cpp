#include "config.h"

namespace usersync {

const std::string& starter_config() {
  static const std::string text = R"toml(# usersync configuration. Every key is documented in docs/CONFIG.md.
# Relative paths are relative to the folder of this file.

# The state database: staging, the embedded directory, plans and run history, in one SQLite file.
database = "usersync.db"

# Where reports go. Unset: a folder per run under reports/ beside the database.
# report_dir = "reports"

[directory]
# Optional: an export of the application's users, to seed or refresh the embedded directory.
# Columns: username, email, first_name, last_name, display_name, active (true/false),
# groups (separated by group_separator), and optionally external_id and last_login (ISO 8601).
# The directory is refreshed whenever the file's content changes.
path = "directory.csv"
# How a source user finds their directory account: tried in this order, case-insensitively.
match_on = ["external_id", "email", "username"]
# delimiter = ","        # detected among , ; tab | when unset
# encoding = "auto"      # auto (by byte-order mark), utf-8, utf-16le, utf-16be
# group_separator = ";"

# One [[source]] table per identity source. Lower priority numbers win when sources disagree.
[[source]]
name = "hr"
format = "csv"
path = "hr.csv"
priority = 1
# key = "email"          # the attribute that identifies a record; default: the first match_on key mapped
# delimiter = ","
# encoding = "auto"
# group_separator = ";"

# directory attribute = source column, or a template over source columns.
[source.mapping]
username = "login"
email = "email"
first_name = "first_name"
last_name = "last_name"
display_name = "{{ first_name }} {{ last_name }}"
active = "active"
groups = "groups"
)toml";
  return text;
}

}  // namespace usersync
