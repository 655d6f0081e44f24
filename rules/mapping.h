#pragma once
// Turns a source record into the user that source wants: each directory attribute from a field or
// a template. Compiled once from the config; applied to every record.
#include <string>
#include <vector>

#include "model/identity.h"
#include "model/record.h"
#include "template.h"

namespace usersync {

/// One line of a [source.mapping] table as the config wrote it.
struct MappingEntry {
  std::string target;  // directory attribute
  std::string text;    // field name or template
  SourceLocation where;  // of the value in the config
};

struct MappingOptions {
  std::string group_separator = ";";
};

class Mapping {
 public:
  Mapping() = default;
  /// Compiles every template; throws ConfigError at the config location of a bad one.
  Mapping(const std::vector<MappingEntry>& entries, MappingOptions options);

  bool maps(std::string_view target) const;
  /// Fails with InputError when a template reads a field the source does not have.
  void check_fields(const Header& header, const std::string& file, const std::string& config_file) const;
  /// The mapped user. Values are trimmed; an empty value means "not provided". Throws InputError at
  /// the record's location for a value that cannot be read (an `active` that is not a boolean).
  SourceUser map(const Record& record) const;
  /// The first source field the target reads, to locate errors about a mapped value.
  std::string field_of(std::string_view target) const;

 private:
  struct Rule {
    std::string target;
    Template tmpl;
    SourceLocation where;
  };
  std::vector<Rule> rules_;
  MappingOptions options_;
};

}  // namespace usersync
