#include "reconciler.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "correlate.h"
#include "model/text.h"

namespace usersync {

namespace {

UserSnapshot snapshot(const DirectoryUser& d) { return {d.username, d.attrs, d.active, d.groups}; }

bool contains_folded(const std::vector<std::string>& list, const std::string& name) {
  return std::any_of(list.begin(), list.end(), [&](const auto& g) { return iequals(g, name); });
}

void add_unique(std::vector<std::string>& reasons, const char* r) {
  if (std::find(reasons.begin(), reasons.end(), r) == reasons.end()) reasons.emplace_back(r);
}

/// Builds one plan: changes per user, collected in a per-user bucket so the final order is by user.
class PlanBuilder {
 public:
  PlanBuilder(const DirectoryState& dir) : dir_(dir) {
    for (const auto& u : dir.users) taken_.insert(fold_case(u.username));
    for (const auto& g : dir.groups) groups_.insert(fold_case(g.name));
  }

  void matched(const DesiredUser& p, const DirectoryUser& d) {
    UserResult r = base(p);
    r.before = snapshot(d);
    std::vector<Change> changes;
    std::string name = p.username.empty() ? d.username : p.username;
    if (name != d.username) {
      auto key = fold_case(name);
      if (key != fold_case(d.username) && (taken_.count(key) || claimed_.count(key))) {
        r.username = d.username;
        r.action = "skipped";
        r.reasons = {reason::rename_conflict};
        r.errors.push_back("cannot rename '" + d.username + "' to '" + name + "': that username belongs to another user");
        r.after = r.before;
        claimed_.insert(fold_case(d.username));
        seen_.push_back(d.username);
        finish(std::move(r), {});
        return;
      }
      Change c{ChangeKind::user_rename, name, "", attr::username, d.username, name, {}, {reason::renamed_in_source}};
      changes.push_back(c);
      r.changes.push_back({attr::username, d.username, name});
      add_unique(r.reasons, reason::renamed_in_source);
    }
    claimed_.insert(fold_case(name));
    seen_.push_back(name);
    r.username = name;
    UserSnapshot after = snapshot(d);
    after.username = name;
    for (const auto& [k, v] : p.attrs.entries()) {
      const std::string* old = d.attrs.find(k);
      if (old && *old == v) continue;
      changes.push_back({ChangeKind::user_update, name, "", k, old ? std::optional(*old) : std::nullopt, v, {},
                         {reason::attribute_changed}});
      r.changes.push_back({k, old ? std::optional(*old) : std::nullopt, v});
      after.attrs.set(k, v);
      add_unique(r.reasons, reason::attribute_changed);
    }
    if (p.active && !*p.active && d.active) {
      changes.push_back({ChangeKind::user_deactivate, name, "", "", "true", "false", {}, {reason::inactive_in_source}});
      r.action = "deactivate";
      add_unique(r.reasons, reason::inactive_in_source);
      after.active = false;
    } else if ((!p.active || *p.active) && !d.active) {
      changes.push_back({ChangeKind::user_reactivate, name, "", "", "false", "true", {}, {reason::back_in_source}});
      r.action = "reactivate";
      add_unique(r.reasons, reason::back_in_source);
      after.active = true;
    }
    if (p.groups) sync_groups(name, d.groups, *p.groups, r, changes, after);
    if (r.action.empty()) r.action = changes.empty() ? "unchanged" : "update";
    if (changes.empty()) r.reasons = {reason::in_sync};
    r.after = std::move(after);
    finish(std::move(r), std::move(changes));
  }

  void unmatched_person(const DesiredUser& p, const std::string& conflict_with) {
    UserResult r = base(p);
    r.username = p.username.empty() ? p.sources.front().record_id : p.username;
    if (!conflict_with.empty()) {
      r.action = "error";
      r.reasons = {reason::correlation_conflict};
      r.errors.push_back("correlates with directory user '" + conflict_with + "', who already matches another source record");
      return finish(std::move(r), {});
    }
    if (p.active && !*p.active) {
      r.action = "skipped";
      r.reasons = {reason::inactive_in_source};
      return finish(std::move(r), {});
    }
    if (p.username.empty()) {
      r.action = "error";
      r.reasons = {reason::no_username};
      r.errors.push_back("no username: the mapping gives this record an empty username");
      return finish(std::move(r), {});
    }
    auto key = fold_case(p.username);
    if (taken_.count(key) || claimed_.count(key)) {
      r.action = "error";
      r.reasons = {reason::username_taken};
      r.errors.push_back("username '" + p.username + "' already belongs to another user who does not correlate with "
                         "this record");
      return finish(std::move(r), {});
    }
    claimed_.insert(key);
    seen_.push_back(p.username);
    std::vector<Change> changes;
    changes.push_back({ChangeKind::user_create, p.username, "", "", std::nullopt, std::nullopt, p.attrs, {reason::new_in_source}});
    r.action = "create";
    r.reasons = {reason::new_in_source};
    UserSnapshot after{p.username, p.attrs, true, {}};
    for (const auto& [k, v] : p.attrs.entries()) r.changes.push_back({k, std::nullopt, v});
    if (p.groups) sync_groups(p.username, {}, *p.groups, r, changes, after);
    r.after = std::move(after);
    finish(std::move(r), std::move(changes));
  }

  void unmatched_directory_user(const DirectoryUser& d) {
    UserResult r;
    r.username = d.username;
    r.before = snapshot(d);
    UserSnapshot after = snapshot(d);
    std::vector<Change> changes;
    if (d.active) {
      changes.push_back({ChangeKind::user_deactivate, d.username, "", "", "true", "false", {}, {reason::missing_from_sources}});
      r.action = "deactivate";
      r.reasons = {reason::missing_from_sources};
      after.active = false;
    } else {
      r.action = "unchanged";
      r.reasons = {reason::already_inactive};
    }
    r.after = std::move(after);
    finish(std::move(r), std::move(changes));
  }

  Plan build() {
    Plan plan;
    plan.seen_in_source = std::move(seen_);
    std::sort(plan.seen_in_source.begin(), plan.seen_in_source.end());
    for (const auto& [key, name] : new_groups_)
      plan.changes.push_back({ChangeKind::group_create, "", name, "", std::nullopt, name, {}, {reason::group_in_source}});
    std::vector<std::size_t> order(results_.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::vector<std::string> keys;
    keys.reserve(results_.size());
    for (const auto& r : results_) keys.push_back(fold_case(r.username));
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return keys[a] != keys[b] ? keys[a] < keys[b] : results_[a].username < results_[b].username;
    });
    for (auto i : order) {
      auto& ch = changes_[i];
      std::stable_sort(ch.begin(), ch.end(), [](const Change& a, const Change& b) { return a.kind < b.kind; });
      for (auto& c : ch) plan.changes.push_back(std::move(c));
      plan.results.push_back(std::move(results_[i]));
    }
    return plan;
  }

 private:
  UserResult base(const DesiredUser& p) {
    UserResult r;
    for (const auto& s : p.sources) r.sources.emplace_back(s.source, s.record_id);
    return r;
  }

  void sync_groups(const std::string& name, const std::vector<std::string>& have, const std::vector<std::string>& want,
                   UserResult& r, std::vector<Change>& changes, UserSnapshot& after) {
    for (const auto& g : want) {
      if (contains_folded(have, g)) continue;
      auto key = fold_case(g);
      if (!groups_.count(key)) new_groups_.emplace(key, g);
      changes.push_back({ChangeKind::membership_add, name, g, "", std::nullopt, std::nullopt, {}, {reason::group_in_source}});
      r.groups_added.push_back(g);
    }
    for (const auto& g : have) {
      if (contains_folded(want, g)) continue;
      changes.push_back({ChangeKind::membership_remove, name, g, "", std::nullopt, std::nullopt, {}, {reason::group_not_in_source}});
      r.groups_removed.push_back(g);
    }
    if (!r.groups_added.empty()) add_unique(r.reasons, reason::group_in_source);
    if (!r.groups_removed.empty()) add_unique(r.reasons, reason::group_not_in_source);
    std::vector<std::string> member_of;
    for (const auto& g : have)
      if (contains_folded(want, g)) member_of.push_back(g);
    for (const auto& g : r.groups_added) member_of.push_back(g);
    std::sort(member_of.begin(), member_of.end(), [](const auto& a, const auto& b) { return fold_case(a) < fold_case(b); });
    after.groups = std::move(member_of);
  }

  void finish(UserResult r, std::vector<Change> changes) {
    results_.push_back(std::move(r));
    changes_.push_back(std::move(changes));
  }

  const DirectoryState& dir_;
  std::unordered_set<std::string> taken_;    // folded usernames held in the directory
  std::unordered_set<std::string> claimed_;  // folded usernames the plan gives to someone
  std::unordered_set<std::string> groups_;   // folded group names in the directory
  std::map<std::string, std::string> new_groups_;  // folded -> as written by the first source
  std::vector<UserResult> results_;
  std::vector<std::vector<Change>> changes_;
  std::vector<std::string> seen_;
};

}  // namespace

Plan reconcile(const DirectoryState& directory, std::vector<SourceUser> source_users, const ReconcileOptions& options,
               Timestamp /*now*/) {
  auto people = merge_sources(std::move(source_users), options.match_on);
  auto matches = match_directory(people, directory, options.match_on);
  PlanBuilder builder(directory);
  std::vector<bool> claimed(directory.users.size(), false);
  // Matched people first, so that their final usernames are known before any create is checked.
  for (std::size_t i = 0; i < people.size(); ++i)
    if (matches.match[i]) {
      claimed[*matches.match[i]] = true;
      builder.matched(people[i], directory.users[*matches.match[i]]);
    }
  for (std::size_t i = 0; i < people.size(); ++i)
    if (!matches.match[i]) builder.unmatched_person(people[i], matches.conflicts[i]);
  for (std::size_t i = 0; i < directory.users.size(); ++i)
    if (!claimed[i]) builder.unmatched_directory_user(directory.users[i]);
  return builder.build();
}

}  // namespace usersync
