#pragma once
#include <string_view>
#include <vector>

namespace usersync {

/// Migration N brings the schema from version N to N+1. Append, never edit a shipped one.
const std::vector<std::string_view>& schema_migrations();

}  // namespace usersync
