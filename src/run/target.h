#pragma once
// Opening the configured target: the bearer token read from its environment variable or file
// (never from the config), and the SCIM service reached with it.
#include <memory>
#include <string>

#include "config/config.h"
#include "target/scim_target.h"

namespace usersync {

/// The token `[target] token_env` or `token_file` names. ConfigError when it is unset, empty,
/// or in a file that others can read. The message names where the token should be, never it.
std::string read_target_token(const ScimSettings& settings, const std::string& config_file);

/// The SCIM target of `cfg`, or nullptr for the embedded directory.
std::unique_ptr<ScimTarget> open_target(const Config& cfg);

}  // namespace usersync
