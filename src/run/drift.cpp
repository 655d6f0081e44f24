#include "drift.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "model/text.h"

namespace usersync {

namespace {

/// What the applied changes leave a user with, aspect by aspect; a later change overrides an
/// earlier one, so several plans in a row are judged by where they ended.
struct Expected {
  std::string name;            // as the changes spell it
  std::optional<bool> exists;  // created or renamed to: true; deleted or renamed away: false
  std::optional<bool> active;
  std::map<std::string, std::string> attrs;  // attribute -> value ("" for cleared)
  std::map<std::string, bool> groups;        // folded group -> member
};

}  // namespace

std::vector<std::string> drifted_users(const std::vector<Change>& applied, const DirectoryState& exported) {
  std::map<std::string, Expected> expected;  // by folded username
  auto at = [&](const std::string& name) -> Expected& {
    auto& e = expected[fold_case(name)];
    e.name = name;
    return e;
  };
  for (const auto& c : applied) {
    switch (c.kind) {
      case ChangeKind::group_create:
        break;
      case ChangeKind::user_create:
        at(c.username) = Expected{c.username, true, true, {}, {}};
        break;
      case ChangeKind::user_rename: {
        // The account moves: what was expected of the old name is now expected of the new one.
        auto old = expected.extract(fold_case(c.from.value_or("")));
        Expected moved = old.empty() ? Expected{} : std::move(old.mapped());
        moved.name = c.username;
        moved.exists = true;
        expected[fold_case(c.username)] = std::move(moved);
        if (c.from) at(*c.from) = Expected{*c.from, false, std::nullopt, {}, {}};
        break;
      }
      case ChangeKind::user_update:
        if (!attr::is_account_fact(c.attribute)) at(c.username).attrs[c.attribute] = c.to.value_or("");
        break;
      case ChangeKind::user_reactivate:
        at(c.username).active = true;
        break;
      case ChangeKind::user_deactivate:
        at(c.username).active = false;
        break;
      case ChangeKind::membership_add:
        at(c.username).groups[fold_case(c.group)] = true;
        break;
      case ChangeKind::membership_remove:
        at(c.username).groups[fold_case(c.group)] = false;
        break;
      case ChangeKind::user_delete:
        at(c.username) = Expected{c.username, false, std::nullopt, {}, {}};
        break;
    }
  }
  std::unordered_map<std::string, const DirectoryUser*> by_name;
  for (const auto& u : exported.users) by_name.emplace(fold_case(u.username), &u);
  std::vector<std::string> out;
  for (const auto& [key, e] : expected) {
    auto it = by_name.find(key);
    const DirectoryUser* u = it == by_name.end() ? nullptr : it->second;
    bool as_applied = true;
    if (e.exists == false) {
      as_applied = !u;
    } else if (!u) {
      as_applied = false;
    } else {
      if (e.active && *e.active != u->active) as_applied = false;
      for (const auto& [k, v] : e.attrs)
        if (u->attrs.get(k) != v) as_applied = false;
      for (const auto& [group, member] : e.groups) {
        const std::string& g = group;  // clang 14 cannot capture a structured binding
        bool has = std::any_of(u->groups.begin(), u->groups.end(), [&](const auto& x) { return fold_case(x) == g; });
        if (has != member) as_applied = false;
      }
    }
    if (!as_applied) out.push_back(e.name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace usersync
