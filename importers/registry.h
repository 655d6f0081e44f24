#pragma once
// The one table of source formats (ninja's tool table): adding a format means a unit, a row here,
// a preset, tests, fixtures and a line in docs/CONFIG.md. A row also declares the format's own
// options, which the config checks like any other key and which are part of an import's
// fingerprint.
#include <memory>
#include <span>
#include <string_view>

#include "importer.h"

namespace usersync {

/// One format option: `[[source]] active_statuses = ["ACTIVE", ...]`.
struct FormatOption {
  std::string_view name;
  std::string_view description;
  bool list = false;              // a list of strings; otherwise one string
  std::string_view choices = {};  // "a|b": the values allowed; empty: any
};

struct ImporterInfo {
  std::string_view format;
  std::string_view description;
  std::unique_ptr<Importer> (*create)();
  /// Reads a folder or a glob of files (a dump); otherwise exactly one file.
  bool many_files = false;
  /// Sends groups and memberships: users are mapped only once their memberships are joined.
  bool memberships = false;
  std::span<const FormatOption> options = {};
  std::string_view alias_of = {};  // "entra" is "graph"
  /// Ids compare case-insensitively in memberships (LDAP DNs); otherwise exactly.
  bool ids_ignore_case = false;
};

std::span<const ImporterInfo> importer_table();
/// The row for `format` (an alias gives the row it names), or nullptr.
const ImporterInfo* find_importer(std::string_view format);
/// The files of a folder a format reads: ".ldif" for LDIF, ".json" for the API dumps (a README
/// beside them is neither read nor part of the checksum).
std::string_view folder_extension(const ImporterInfo& info);
/// The option `name` of `info`, or nullptr.
const FormatOption* find_option(const ImporterInfo& info, std::string_view name);

}  // namespace usersync
