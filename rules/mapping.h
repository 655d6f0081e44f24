#pragma once
// Turns a source record into the user that source wants: each directory attribute from a field or
// a template. Compiled once from the config; applied to every record.
#include <string>
#include <vector>

#include "condition.h"
#include "model/identity.h"
#include "model/record.h"
#include "template.h"
#include "transform.h"

namespace usersync {

/// One line of a [source.mapping] table as the config wrote it.
struct MappingEntry {
  std::string target;                 // directory attribute
  std::string text;                   // field name or template
  SourceLocation where;               // of the value in the config
  std::optional<ConditionSpec> when;  // only when this holds; the first entry that holds wins
  bool is_template = false;           // text without "{{" is fixed text, not a field name
};

struct MappingOptions {
  std::string group_separator = ";";
  std::string source;  // the source's name, for conditions on it
};

class Mapping {
 public:
  Mapping() = default;
  /// Compiles every template; throws ConfigError at the config location of a bad one.
  Mapping(const std::vector<MappingEntry>& entries, MappingOptions options, Transforms transforms = {});

  bool maps(std::string_view target) const;
  /// Fails with InputError when a template reads a field the source does not have, or when the
  /// groups mapping has a fields('regex') that matches none of the source's fields.
  /// `where` is the header's place.
  void check_fields(const Header& header, const SourceLocation& where, const std::string& config_file) const;
  /// Every source field the mapping reads by name.
  std::vector<std::string> fields() const;
  /// The mapped user, after the transformation rules. Values are trimmed; an empty value means "not
  /// provided". A filter or rule that fails on a value becomes an error of that user; a value that
  /// cannot be read at all (an `active` that is not a boolean) throws InputError at its location.
  SourceUser map(const Record& record) const;
  /// The first source field the target reads, to locate errors about a mapped value.
  std::string field_of(std::string_view target) const;

 private:
  struct Rule {
    std::string target;
    Template tmpl;
    SourceLocation where;
    std::optional<Condition> when;
  };
  std::vector<Rule> rules_;
  MappingOptions options_;
  Transforms transforms_;
};

}  // namespace usersync
