#pragma once
// The TOML config as the rest of usersync sees it: paths resolved against the config's folder,
// templates compiled, every value checked with its file:line:col.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "importers/importer.h"
#include "rules/mapping.h"

namespace usersync {

struct SourceConfig {
  SourceSpec spec;                  // path resolved
  std::string path_as_written;
  std::int32_t priority = 1;        // lower wins
  std::string key;                  // the attribute that identifies a record of this source
  std::vector<MappingEntry> mapping;
  MappingOptions mapping_options;
  SourceLocation where;             // of the [[source]] table
};

struct DirectoryConfig {
  std::string path;                 // resolved; empty when no export is configured
  std::string path_as_written;
  std::vector<std::string> match_on{"external_id", "email", "username"};
  std::optional<char> delimiter;
  std::string encoding = "auto";
  std::string group_separator = ";";
};

struct Config {
  std::string file;
  std::filesystem::path base_dir;
  std::string database;             // resolved
  std::string report_dir;           // resolved; empty: a folder per run beside the database
  DirectoryConfig directory;
  std::vector<SourceConfig> sources;
};

/// Reads and checks a config file. Throws ConfigError naming file:line:col.
Config load_config(const std::string& path);

/// The fully commented starter config that `usersync init` writes.
const std::string& starter_config();

}  // namespace usersync
