#pragma once
#include <string>

#include "config.h"

namespace usersync {

/// Every effective setting, one per line, with where it came from: the config file's line, a
/// preset, or the default (ccache's --show-config). Secrets, when sources get them, are never shown.
std::string show_config(const Config& cfg);

}  // namespace usersync
