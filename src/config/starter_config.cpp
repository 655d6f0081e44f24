#include "config.h"
#include "model/text.h"
#include "importers/registry.h"
#include "rules/presets.h"

namespace usersync {

const std::string& starter_config() {
  static const std::string text = R"toml(# usersync configuration. Every key is documented in docs/CONFIG.md.
# Relative paths are relative to the folder of this file.

# The state database: staging, the embedded directory, plans and run history, in one SQLite file.
database = "usersync.db"

# Where reports go. Unset: a folder per run under reports/ beside the database.
# report_dir = "reports"
# The report formats of every run: "json" (always) and "xlsx" (audit.xlsx), "html" (report.html).
# report_formats = ["json", "xlsx", "html"]

[run]
# true: any user whose values cannot be computed refuses the whole run (exit 3, nothing changed).
# false: those users are held back, the rest is synced, and the run exits 6 with warnings.
strict = false

[directory]
# Optional: an export of the application's users, to seed or refresh the embedded directory.
# Columns: username, email, first_name, last_name, display_name, active (true/false),
# groups (separated by group_separator), and optionally external_id and last_login (ISO 8601).
# The directory is refreshed whenever the file's content changes.
path = "directory.csv"
# How a source user finds their directory account: tried in this order, case-insensitively.
match_on = ["external_id", "email", "username"]
# Other columns of the export are attributes too. Attributes the sources set that the export has
# no column for must be declared, so that a misspelt mapping target is an error:
# attributes = ["cost_center"]
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
# A mapping can be a template with filters, or conditional (the first entry whose `when` holds wins):
# username = "{{ email | before('@') | lower }}"
# title = [ { template = "Contractor", when = { field = "type", equals = "external" } },
#           { template = "{{ job_title }}" } ]

# Regex rules on mapped attributes, applied in order; the first that matches wins.
# [[rule]]
# attribute = "email"
# match = '^(.+)@old-domain\.example$'
# replace = '$1@example.com'
# ignore_case = true
#
# When no rule for an attribute matches: keep (default), clear, ignore (do not sync it) or skip_user.
# [no_match]
# email = "keep"

# Which groups usersync manages. Default: every group a source names.
# [groups]
# include = ["staff", "/^team-/"]      # names or /regexes/
# exclude = ["/^jira-/"]
# prefix = ""                          # added to every source group name
# adopt = ["staff"]                    # existing groups sources may take over without a conflict
# [[groups.rename]]
# match = '^Dept (.+)$'
# replace = 'dept-$1'

# Only people in at least one of these source groups get an account.
# [filters]
# required_groups = ["staff", "contractors"]

# Never touched: not deactivated, not emptied, not synced from a source.
# [protect]
# users = ["admin", "/^svc-/"]
# groups = ["jira-administrators", "jira-software-users"]

# [policies.missing]           # a user missing from every source
# action = "deactivate"        # deactivate, delete, anonymize or keep
# grace_days = 3               # wait this long before acting
# delete_after_days = 90       # then delete (or anonymize) this long after deactivation
# delete_action = "delete"
# strip_memberships = false    # leave managed groups on deactivation
#
# [policies.inactivity]
# after_days = 90              # last login older than this: deactivate
# never_logged_in_days = 30    # never logged in, account older than this: deactivate
# exempt_groups = ["jira-administrators"]
# exempt_users = ["/^svc-/"]
#
# [policies.reactivation]
# enabled = true               # reactivate people who are back in a source

# Refuse plans that deprovision too much (override a reviewed run with --allow-mass-changes).
# [guards]
# max_deprovision = 500
# max_deprovision_share = 0.20
# min_directory_for_share = 100
# max_source_shrink = 0.50

# What a run may do; --no-create, --no-update, --no-deactivate, --no-delete, --upsert-only too.
# [switches]
# create = true
# update = true
# deactivate = true
# delete = true
)toml";
  return text;
}

std::string starter_config(const std::string& preset_name) {
  const Preset* preset = find_preset(preset_name);
  if (!preset) {
    std::vector<std::string> names;
    for (const auto& p : preset_table()) names.emplace_back(p.name);
    throw UsageError("unknown preset '" + preset_name + "'; known presets: " + join(names, ", "));
  }
  std::string text = starter_config();
  auto begin = text.find("\n[[source]]") + 1;
  auto end = text.find("# A mapping can be");
  // Where the source's data is, as that format has it: a file, a folder of API answers, an LDIF.
  const ImporterInfo& format = *find_importer(preset->format);
  std::string name(preset->name);
  std::string path = format.format == "csv"               ? name + ".csv"
                     : format.format == "ldif"            ? name + ".ldif"
                     : format.format == "keycloak-export" ? "realm-export.json"
                                                          : name + "-dump";
  std::string source = "[[source]]\nname = \"" + name + "\"\npath = \"" + path + "\"\npriority = 1\n# Preset " + name +
                       ": " + std::string(preset->description) + ".\npreset = \"" + name + "\"\n";
  if (format.many_files && format.format != "csv")
    source += "# A file, a folder or a glob (\"exports/*.json\"); a folder is read as one dump.\n";
  for (const auto& o : format.options)
    if (format.format != "csv")
      source += "# " + std::string(o.name) + ": " + std::string(o.description) + "\n# " + std::string(o.name) +
                (o.list ? " = [...]\n" : " = \"...\"\n");
  source += "\n# The preset maps these; override any of them here, attribute by attribute.\n[source.mapping]\n";
  for (const auto& [attribute, text_value] : preset->mapping)
    source += "# " + std::string(attribute) + " = \"" + std::string(text_value) + "\"\n";
  return text.substr(0, begin) + source + text.substr(end);
}

}  // namespace usersync
