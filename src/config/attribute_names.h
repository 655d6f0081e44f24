#pragma once
// The attribute names a config may use, and the check that every name it uses is one of them, so
// that a misspelt `dispaly_name` is a config error instead of a new attribute on every user.
#include <toml++/toml.h>

#include <optional>
#include <string>
#include <vector>

#include "config.h"

namespace usersync {

/// The column names of the directory export's header row, lower-cased as the export reader reads
/// them. nullopt when no export is configured, or the file is missing or its header cannot be read
/// (the run reports the file itself).
std::optional<std::vector<std::string>> directory_columns(const DirectoryConfig& directory);

/// Checks every attribute name the config uses (mapping targets, `match_on`, source keys,
/// `[[rule]] attribute`, `[no_match]` keys, condition attributes) against the directory's
/// attributes: the built-in ones, the export's columns, `[directory] attributes` and those a
/// preset in use maps. Throws ConfigError at the name, with "did you mean". Skipped when the
/// export is configured but cannot be read, or a source names an unknown preset (reported next).
/// Reads the TOML tree rather than `cfg`, so every error points at the name as written.
void check_attribute_names(const toml::table& root, const Config& cfg);

}  // namespace usersync
