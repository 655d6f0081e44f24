#include "presets.h"

#include <array>

namespace usersync {

namespace {
const std::array<Preset, 4> kPresets{{
    {"hr-csv",
     "csv",
     "an HR system's people export: employee_id, login, email, first_name, last_name, department, "
     "title, active, groups (separated by ;)",
     ";",
     {{"external_id", "employee_id"},
      {"username", "login"},
      {"email", "email"},
      {"first_name", "first_name"},
      {"last_name", "last_name"},
      {"display_name", "{{ first_name }} {{ last_name }}"},
      {"department", "department"},
      {"title", "title"},
      {"active", "active"},
      {"groups", "groups"}}},
    {"atlassian-cloud",
     "csv",
     "the user export of Atlassian Administration (admin.atlassian.com): User id, User name, email, User "
     "status, Added to org, Last seen in <app> - <site> (a date or Never accessed), groups in one Groups column "
     "(separated by ,) or pivoted into Group 1, Group 2, ...",
     ",",
     {{"external_id", "User id"},
      {"username", "{{ email | before('@') | lower }}"},
      {"email", "email"},
      {"display_name", "User name"},
      {"first_name", "{{ User name | before(' ') }}"},
      {"last_name", "{{ User name | after(' ') }}"},
      {"active", "{{ User status | map({'Active': 'true'}, 'false') }}"},
      {"created", "{{ fields('^Added to org$') | date('%Y-%m-%dT%H:%M:%SZ', ['%d %b %Y']) | first }}"},
      {"last_login",
       "{{ fields('^Last seen in ') | map({'Never accessed': ''}) | date('%Y-%m-%dT%H:%M:%SZ', ['%d %b %Y']) | max }}"},
      {"groups", "{{ fields('^Groups?( [0-9]+)?$') | join(',') }}"}}},
    {"atlassian-site",
     "csv",
     "the older site user export: group_name, username, full_name, email, active (Yes/No), last_login "
     "(14 Dec 2012 15:31:57), last_session, one column per app; one row per group membership",
     ";",
     {{"username", "username"},
      {"email", "email"},
      {"display_name", "full_name"},
      {"first_name", "{{ full_name | before(' ') }}"},
      {"last_name", "{{ full_name | after(' ') }}"},
      {"active", "{{ active | map({'Yes': 'true', 'No': 'false'}) }}"},
      {"last_login",
       "{{ last_login | map({'Never': ''}) | date('%Y-%m-%dT%H:%M:%SZ', ['%d %b %Y %H:%M:%S', '%d %b %Y']) }}"},
      {"groups", "group_name"}}},
    {"atlassian-dc",
     "csv",
     "the Jira or Confluence Data Center user-management export: Username, Email, Full Name, Status "
     "(Active/Inactive), Last Login Date (dd/MM/yyyy HH:mm:ss or never)",
     ";",
     {{"username", "Username"},
      {"email", "Email"},
      {"display_name", "Full Name"},
      {"first_name", "{{ Full Name | before(' ') }}"},
      {"last_name", "{{ Full Name | after(' ') }}"},
      {"active", "{{ Status | map({'Active': 'true', 'Inactive': 'false'}) }}"},
      {"last_login",
       "{{ Last Login Date | map({'never': ''}) | date('%Y-%m-%dT%H:%M:%SZ', ['%d/%m/%Y %H:%M:%S']) }}"}}},
}};
}  // namespace

std::span<const Preset> preset_table() { return kPresets; }

const Preset* find_preset(std::string_view name) {
  for (const auto& p : kPresets)
    if (p.name == name) return &p;
  return nullptr;
}

}  // namespace usersync
