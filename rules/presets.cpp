#include "presets.h"

#include <array>

namespace usersync {

namespace {
const std::array<Preset, 2> kPresets{{
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
     "the user export of Atlassian Administration (admin.atlassian.com): User id, User name, "
     "email, User status, Groups (separated by ,)",
     ",",
     {{"external_id", "User id"},
      {"username", "{{ email | before('@') | lower }}"},
      {"email", "email"},
      {"display_name", "User name"},
      {"first_name", "{{ User name | before(' ') }}"},
      {"last_name", "{{ User name | after(' ') }}"},
      {"active", "User status"},
      {"groups", "Groups"}}},
}};
}  // namespace

std::span<const Preset> preset_table() { return kPresets; }

const Preset* find_preset(std::string_view name) {
  for (const auto& p : kPresets)
    if (p.name == name) return &p;
  return nullptr;
}

}  // namespace usersync
