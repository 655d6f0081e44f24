#pragma once
// Template filters, in one table: name, argument count, and the function. A filter gets the value
// so far and its literal arguments.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace usersync {

struct FilterInfo {
  std::string_view name;
  std::size_t min_args;
  std::size_t max_args;
  std::string (*apply)(const std::string& value, const std::vector<std::string>& args);
};

/// The row for `name`, or nullptr.
const FilterInfo* find_filter(std::string_view name);
std::vector<std::string> filter_names();

}  // namespace usersync
