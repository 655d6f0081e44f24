#include "audit_rows.h"

#include <algorithm>

#include "model/identity.h"

namespace usersync {

namespace {

std::string correction_id(std::int64_t id) { return id ? std::to_string(id) : ""; }

std::string group_correction(const UserResult& r, const std::string& group) {
  for (const auto& [g, id] : r.group_corrections)
    if (g == group) return correction_id(id);
  return "";
}

/// A kind's place in plan order, for sorting a user's rows.
std::size_t plan_position(std::string_view kind) {
  const auto& kinds = all_change_kinds();
  for (std::size_t i = 0; i < kinds.size(); ++i)
    if (to_string(kinds[i]) == kind) return i;
  return kinds.size();
}

bool about_attribute(std::string_view kind) { return kind == "user_rename" || kind == "user_update"; }
bool about_group(std::string_view kind) {
  return kind == "membership_add" || kind == "membership_remove" || kind == "group_create";
}

}  // namespace

std::vector<ChangeRow> change_rows(const UserResult& r) {
  std::vector<ChangeRow> rows;
  // A new account: also when a target refused its create (the action is then "error").
  bool create = r.action == "create" || (!r.before && r.after);
  for (const auto& c : r.changes) {
    std::string kind = create                          ? "user_create"
                       : c.attribute == attr::username ? "user_rename"
                       : c.attribute == attr::active   ? (c.to == "true" ? "user_reactivate" : "user_deactivate")
                                                       : "user_update";
    rows.push_back({kind, "", c.attribute, c.from.value_or(""), c.to.value_or(""), correction_id(c.correction)});
  }
  if (create && r.changes.empty()) rows.push_back({"user_create"});
  if (r.action == "delete" && r.changes.empty()) rows.push_back({"user_delete"});
  for (const auto& g : r.groups_added) rows.push_back({"membership_add", g, "", "", "", group_correction(r, g)});
  for (const auto& g : r.groups_removed) rows.push_back({"membership_remove", g, "", "", "", group_correction(r, g)});
  std::stable_sort(rows.begin(), rows.end(), [](const ChangeRow& a, const ChangeRow& b) {
    return plan_position(a.kind) < plan_position(b.kind);
  });
  return rows;
}

std::string outcome_key(std::string_view user, std::string_view kind, std::string_view attribute,
                        std::string_view group) {
  std::string key;
  key.reserve(user.size() + kind.size() + attribute.size() + group.size() + 2);
  key.append(user).append(1, '\0').append(kind).append(1, '\0');
  if (about_attribute(kind)) key.append(attribute);
  if (about_group(kind)) key.append(group);
  return key;
}

OutcomeLookup::OutcomeLookup(const RunChanges& changes)
    : fallback_(changes.changes ? changes.default_outcome : "not applied"), longest_(fallback_.size()) {
  if (!changes.changes) return;
  const auto& list = *changes.changes;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto& outcome = changes.outcome(i);
    if (outcome == changes.default_outcome) continue;
    const auto& c = list[i];
    auto kind = to_string(c.kind);
    differ_.emplace(outcome_key(c.username, kind, c.attribute, c.group), outcome);
    longest_ = std::max(longest_, outcome.size());
  }
}

const std::string& OutcomeLookup::operator()(std::string_view user, std::string_view kind, std::string_view attribute,
                                             std::string_view group) const {
  if (differ_.empty()) return fallback_;
  auto it = differ_.find(outcome_key(user, kind, attribute, group));
  return it != differ_.end() ? it->second : fallback_;
}

}  // namespace usersync
