#include "options.h"

#include <algorithm>

namespace usersync {

bool any_match(const std::vector<NameMatcher>& matchers, std::string_view name) {
  return std::any_of(matchers.begin(), matchers.end(), [&](const NameMatcher& m) { return m.matches(name); });
}

}  // namespace usersync
