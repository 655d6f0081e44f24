#include "condition.h"

#include <algorithm>

#include "model/text.h"
#include "regex.h"

namespace usersync {

Condition::Condition(const ConditionSpec& spec) : spec_(spec) {
  bool has_subject = !spec.field.empty() || !spec.attribute.empty();
  bool has_test = spec.equals || spec.not_equals || spec.matches;
  if (has_subject != has_test)
    throw ConfigError(spec.where,
                      "a condition on a field or attribute needs 'equals', 'not_equals' or 'matches', and "
                      "those need a 'field' or 'attribute'");
  if (!has_subject && spec.in_group.empty() && spec.source.empty())
    throw ConfigError(spec.where,
                      "empty condition; use field/attribute with equals, not_equals or matches, in_group, "
                      "or source");
  try {
    if (spec.matches) matches_ = std::make_shared<Regex>(*spec.matches);
    if (!spec.in_group.empty()) group_ = std::make_shared<NameMatcher>(spec.in_group);
  } catch (const std::invalid_argument& e) {
    throw ConfigError(spec.where, std::string("in condition: ") + e.what());
  }
}

bool Condition::holds(const Record& record, const SourceUser& user, const std::string& source) const {
  if (!spec_.source.empty() && spec_.source != source) return false;
  if (group_) {
    if (!user.groups) return false;
    if (std::none_of(user.groups->begin(), user.groups->end(), [&](const auto& g) { return group_->matches(g); }))
      return false;
  }
  if (spec_.field.empty() && spec_.attribute.empty()) return true;
  std::string value;
  if (!spec_.field.empty()) {
    const std::string* v = record.get(spec_.field);
    value = v ? std::string(trim(*v)) : std::string();
  } else {
    value = spec_.attribute == attr::username ? user.username : user.attrs.get(spec_.attribute);
  }
  if (spec_.equals && !iequals(value, *spec_.equals)) return false;
  if (spec_.not_equals && iequals(value, *spec_.not_equals)) return false;
  if (matches_ && !matches_->matches(value)) return false;
  return true;
}

}  // namespace usersync
