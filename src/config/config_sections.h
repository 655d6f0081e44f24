#pragma once
// The rule-engine sections of the config, read after the sources' basics.
#include <toml++/toml.h>

#include "config.h"

namespace usersync {

/// [[rule]] and [no_match]: regex transformations of mapped attributes.
void read_rules(const toml::table& root, Config& cfg);
/// [groups], [filters], [protect], [policies.*], [guards], [switches].
void read_policies(const toml::table& root, Config& cfg);

}  // namespace usersync
