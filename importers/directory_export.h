#pragma once
// Reads an export of the application's own user directory (CSV in the native columns) into a
// DirectoryState, to seed or refresh the embedded directory.
#include <optional>
#include <string>

#include "model/identity.h"

namespace usersync {

struct DirectoryExportSpec {
  std::string path;
  std::optional<char> delimiter;
  std::string encoding = "auto";
  std::string group_separator = ";";
  bool lenient_quotes = false;  // as for a source: keep a quote inside an unquoted field as text
};

/// Native columns: username (required), email, first_name, last_name, display_name, active,
/// groups, external_id, last_login. Any other column becomes an extra attribute.
/// Throws InputError with file:line:col for a bad value or a duplicate username.
DirectoryState read_directory_export(const DirectoryExportSpec& spec);

}  // namespace usersync
