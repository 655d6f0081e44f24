#pragma once
// Regex transformations of mapped attributes: ordered rules per attribute, the first whose
// condition holds and whose pattern matches wins; when none matches, the attribute's no-match
// policy decides (keep the value, clear it, ignore the attribute, or skip the user).
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "condition.h"
#include "regex.h"

namespace usersync {

enum class NoMatch { keep, clear, ignore, skip_user };
std::optional<NoMatch> no_match_from(const std::string& text);

struct TransformSpec {
  std::string attribute;
  std::string match;
  std::optional<std::string> replace;  // unset: the value is kept as it is when it matches
  bool case_insensitive = false;
  bool global = false;
  std::optional<ConditionSpec> when;
  SourceLocation where;
};

class Transforms {
 public:
  Transforms() = default;
  /// Compiles every pattern once; throws ConfigError at the rule's location.
  Transforms(const std::vector<TransformSpec>& rules, std::map<std::string, NoMatch> no_match);

  /// Applies the rules to a mapped user. A regex failure on a value becomes an error of that user.
  void apply(const Record& record, SourceUser& user, const std::string& source) const;
  bool empty() const { return rules_.empty(); }

 private:
  struct Rule {
    TransformSpec spec;
    Regex regex;
    std::optional<Condition> when;
  };
  std::vector<std::shared_ptr<const Rule>> rules_;  // in config order
  std::vector<std::string> attributes_;             // with rules, in first-seen order
  std::map<std::string, NoMatch> no_match_;
};

}  // namespace usersync
