#pragma once
// A condition on a source record, for conditional mappings and rules: all of the given tests
// must hold. `field` tests a raw source field, `attribute` a mapped attribute.
#include <memory>
#include <optional>
#include <string>

#include "model/errors.h"
#include "model/identity.h"
#include "model/record.h"

namespace usersync {

class Regex;

struct ConditionSpec {
  std::string field;                      // a source field, or
  std::string attribute;                  // a mapped attribute
  std::optional<std::string> equals;      // case-insensitive
  std::optional<std::string> not_equals;  // case-insensitive
  std::optional<std::string> matches;     // a regex
  std::string in_group;                   // the mapped user is in this source group (name or /regex/)
  std::string source;                     // the record comes from this source
  SourceLocation where;
};

class Condition {
 public:
  /// Compiles the regex; throws ConfigError at `spec.where` for a bad one or an empty condition.
  explicit Condition(const ConditionSpec& spec);
  /// Whether the condition holds. Throws RegexError when a regex hits its match limit.
  bool holds(const Record& record, const SourceUser& user, const std::string& source) const;

 private:
  ConditionSpec spec_;
  std::shared_ptr<Regex> matches_;
  std::shared_ptr<class NameMatcher> group_;
};

}  // namespace usersync
