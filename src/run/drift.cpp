#include "drift.h"

#include <algorithm>
#include <unordered_map>

#include "model/text.h"

namespace usersync {

std::vector<std::string> drifted_users(const std::vector<Change>& applied, const DirectoryState& exported) {
  std::unordered_map<std::string, const DirectoryUser*> by_name;
  for (const auto& u : exported.users) by_name.emplace(fold_case(u.username), &u);
  auto find = [&](const std::string& name) -> const DirectoryUser* {
    auto it = by_name.find(fold_case(name));
    return it == by_name.end() ? nullptr : it->second;
  };
  auto member = [](const DirectoryUser& u, const std::string& group) {
    auto key = fold_case(group);
    return std::any_of(u.groups.begin(), u.groups.end(), [&](const auto& g) { return fold_case(g) == key; });
  };
  // A user the plan deleted is only expected to be gone, whatever the plan did to them before.
  std::unordered_map<std::string, bool> deleted;
  for (const auto& c : applied)
    if (c.kind == ChangeKind::user_delete) deleted[fold_case(c.username)] = true;
  std::vector<std::string> out;
  for (const auto& c : applied) {
    if (c.kind == ChangeKind::group_create) continue;
    if (c.kind != ChangeKind::user_delete && deleted.count(fold_case(c.username))) continue;
    const DirectoryUser* u = find(c.username);
    bool as_applied = true;
    switch (c.kind) {
      case ChangeKind::user_delete:
        as_applied = !u;
        break;
      case ChangeKind::user_create:
      case ChangeKind::user_rename:
        as_applied = u != nullptr;
        break;
      case ChangeKind::user_update:
        as_applied = u && (attr::is_account_fact(c.attribute) || u->attrs.get(c.attribute) == c.to.value_or(""));
        break;
      case ChangeKind::user_reactivate:
        as_applied = u && u->active;
        break;
      case ChangeKind::user_deactivate:
        as_applied = u && !u->active;
        break;
      case ChangeKind::membership_add:
        as_applied = u && member(*u, c.group);
        break;
      case ChangeKind::membership_remove:
        as_applied = u && !member(*u, c.group);
        break;
      case ChangeKind::group_create:
        break;
    }
    if (!as_applied) out.push_back(c.username);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace usersync
