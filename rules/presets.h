#pragma once
// Presets: named, built-in mapping sets for the layouts admins export every day. A source names
// one with `preset = "…"` and overrides it attribute by attribute in [source.mapping].
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace usersync {

struct Preset {
  std::string_view name;
  std::string_view format;
  std::string_view description;
  std::string_view group_separator;
  std::vector<std::pair<std::string_view, std::string_view>> mapping;  // attribute, field or template
};

std::span<const Preset> preset_table();
const Preset* find_preset(std::string_view name);

}  // namespace usersync
