#include "plan.h"

#include <array>

namespace usersync {

namespace {
constexpr std::array<std::pair<ChangeKind, std::string_view>, 9> kNames{{
    {ChangeKind::group_create, "group_create"},
    {ChangeKind::user_create, "user_create"},
    {ChangeKind::user_rename, "user_rename"},
    {ChangeKind::user_update, "user_update"},
    {ChangeKind::user_reactivate, "user_reactivate"},
    {ChangeKind::membership_add, "membership_add"},
    {ChangeKind::membership_remove, "membership_remove"},
    {ChangeKind::user_deactivate, "user_deactivate"},
    {ChangeKind::user_delete, "user_delete"},
}};
}  // namespace

std::string_view to_string(ChangeKind kind) {
  for (const auto& [k, n] : kNames)
    if (k == kind) return n;
  return "unknown";
}

std::optional<ChangeKind> change_kind_from(std::string_view text) {
  for (const auto& [k, n] : kNames)
    if (n == text) return k;
  return std::nullopt;
}

const std::vector<ChangeKind>& all_change_kinds() {
  static const std::vector<ChangeKind> kinds = [] {
    std::vector<ChangeKind> v;
    for (const auto& [k, n] : kNames) v.push_back(k);
    return v;
  }();
  return kinds;
}

std::map<std::string, std::int64_t> Plan::change_counts() const {
  std::map<std::string, std::int64_t> counts;
  for (auto k : all_change_kinds()) counts[std::string(to_string(k))] = 0;
  for (const auto& c : changes) ++counts[std::string(to_string(c.kind))];
  return counts;
}

const std::vector<std::string>& all_actions() {
  static const std::vector<std::string> actions{"create", "update",    "deactivate", "reactivate",
                                                "delete", "unchanged", "skipped",    "error"};
  return actions;
}

std::map<std::string, std::int64_t> Plan::action_counts() const {
  std::map<std::string, std::int64_t> counts;
  for (const auto& a : all_actions()) counts[a] = 0;
  for (const auto& r : results) ++counts[r.action];
  return counts;
}

}  // namespace usersync
