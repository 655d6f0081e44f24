#include "group_policy.h"

#include "model/text.h"

namespace usersync {

GroupPolicy::GroupPolicy(const DirectoryState& dir, const GroupRules& rules,
                         const std::vector<NameMatcher>& protected_groups)
    : rules_(rules), protected_(protected_groups) {
  for (const auto& g : dir.groups) {
    directory_[fold_case(g.name)] = g.created_by_usersync;
    spelling_[fold_case(g.name)] = g.name;
  }
}

std::string GroupPolicy::map_name(const std::string& source_group) const {
  std::string name = source_group;
  for (const auto& r : rules_.renames)
    if (auto renamed = r.match->replace(name, r.replace)) {
      name = *renamed;
      break;
    }
  return rules_.prefix + name;
}

void GroupPolicy::named_by_source(const std::string& group) { named_.insert(fold_case(group)); }

bool GroupPolicy::is_protected(std::string_view group) const { return any_match(protected_, group); }

bool GroupPolicy::exists(std::string_view group) const { return directory_.count(fold_case(group)) > 0; }

std::string GroupPolicy::directory_name(const std::string& group) const {
  auto it = spelling_.find(fold_case(group));
  return it == spelling_.end() ? group : it->second;
}

bool GroupPolicy::managed(std::string_view group) const {
  if (is_protected(group)) return false;
  auto key = fold_case(group);
  if (rules_.rejected.count(key)) return false;
  if (any_match(rules_.exclude, group)) return false;
  if (!rules_.include.empty()) return any_match(rules_.include, group);
  auto it = directory_.find(key);
  return named_.count(key) > 0 || (it != directory_.end() && it->second);
}

bool GroupPolicy::in_conflict(std::string_view group) const {
  auto key = fold_case(group);
  auto it = directory_.find(key);
  if (it == directory_.end() || it->second) return false;
  return !rules_.accepted.count(key) && !any_match(rules_.adopt, group);
}

}  // namespace usersync
