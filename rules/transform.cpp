#include "transform.h"

#include <algorithm>

namespace usersync {

std::optional<NoMatch> no_match_from(const std::string& text) {
  if (text == "keep") return NoMatch::keep;
  if (text == "clear") return NoMatch::clear;
  if (text == "ignore") return NoMatch::ignore;
  if (text == "skip_user") return NoMatch::skip_user;
  return std::nullopt;
}

Transforms::Transforms(const std::vector<TransformSpec>& rules, std::map<std::string, NoMatch> no_match)
    : no_match_(std::move(no_match)) {
  for (const auto& spec : rules) {
    try {
      auto rule = std::make_shared<Rule>(Rule{spec, Regex(spec.match, spec.case_insensitive), std::nullopt});
      if (spec.when) rule->when.emplace(*spec.when);
      rules_.push_back(rule);
    } catch (const std::invalid_argument& e) {
      throw ConfigError(spec.where, "rule for '" + spec.attribute + "': " + e.what());
    }
    if (std::find(attributes_.begin(), attributes_.end(), spec.attribute) == attributes_.end())
      attributes_.push_back(spec.attribute);
  }
}

void Transforms::apply(const Record& record, SourceUser& user, const std::string& source) const {
  for (const auto& name : attributes_) {
    const bool is_username = name == attr::username;
    const std::string* current = is_username ? &user.username : user.attrs.find(name);
    if (!current) continue;  // the source does not provide it: nothing to transform
    std::string value = *current;
    std::optional<std::string> result;
    try {
      for (const auto& rule : rules_) {
        if (rule->spec.attribute != name) continue;
        if (rule->when && !rule->when->holds(record, user, source)) continue;
        if (!rule->spec.replace) {
          if (rule->regex.matches(value)) result = value;
        } else {
          result = rule->regex.replace(value, *rule->spec.replace, rule->spec.global);
        }
        if (result) break;
      }
    } catch (const RegexError& e) {
      user.errors.push_back(name + ": " + e.what());
      continue;
    }
    if (result) {
      if (is_username)
        user.username = *result;
      else
        user.attrs.set(name, *result);
      continue;
    }
    auto it = no_match_.find(name);
    switch (it == no_match_.end() ? NoMatch::keep : it->second) {
      case NoMatch::keep:
        break;
      case NoMatch::clear:
        if (is_username)
          user.username.clear();
        else
          user.attrs.set(name, "");
        user.reasons.push_back("no_rule_matched_cleared:" + name);
        break;
      case NoMatch::ignore:
        if (!is_username) user.attrs.erase(name);
        user.reasons.push_back("no_rule_matched_ignored:" + name);
        break;
      case NoMatch::skip_user:
        user.skip = true;
        user.reasons.push_back("no_rule_matched:" + name);
        break;
    }
  }
}

}  // namespace usersync
