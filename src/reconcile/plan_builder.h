#pragma once
// The reconciler's working state: one UserPlan per user while it is decided, and the builder
// that collects them into a Plan. Internal to src/reconcile; reconcile() is the public entry.
#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "correlate.h"
#include "corrections.h"
#include "group_policy.h"
#include "model/key_index.h"
#include "model/plan.h"
#include "model/text.h"
#include "options.h"

namespace usersync::detail {

inline UserSnapshot snapshot(const DirectoryUser& d) { return {d.username, d.attrs, d.active, d.groups}; }

inline bool contains_folded(const std::vector<std::string>& list, std::string_view name) {
  return std::any_of(list.begin(), list.end(), [&](const auto& g) { return iequals(g, name); });
}

inline std::string opt_iso(const std::optional<Timestamp>& t) { return t ? t->iso() : std::string(); }

/// The correction behind a value of `p`, or 0.
inline std::int64_t correction_of(const DesiredUser& p, const std::string& key) {
  const auto& corrected = p.extras.get().corrected;
  auto it = corrected.find(key);
  return it == corrected.end() ? 0 : it->second;
}

/// One user's part of the plan while it is being decided.
struct UserPlan {
  UserResult r;
  std::vector<Change> changes;
  UserSnapshot after;
  bool has_after = true;
  /// The directory user this plan is about. Its attributes and groups are moved into `r.before`
  /// when the user is finished, so a large directory is not held twice.
  DirectoryUser* origin = nullptr;

  void reason(const std::string& code) {
    if (std::find(r.reasons.begin(), r.reasons.end(), code) == r.reasons.end()) r.reasons.push_back(code);
  }
  void change(Change c) { changes.push_back(std::move(c)); }
};

class PlanBuilder {
 public:
  PlanBuilder(const DirectoryState& dir, const ReconcileOptions& o, GroupPolicy& groups, Timestamp now);
  void matched(const DesiredUser& p, DirectoryUser& d);
  void excluded(const DesiredUser& p);
  void unmatched_person(const DesiredUser& p);
  void missing(DirectoryUser& d, const char* why);
  /// A directory user an ambiguous record points at: left as they are (correlation_ambiguous).
  void held(DirectoryUser& d, const std::string& why);
  Plan build();
  /// Room for `n` users, so the results never move while a large plan is decided.
  void reserve(std::size_t n) {
    results_.reserve(n);
    changes_.reserve(n);
  }

 private:
  UserPlan start(const DesiredUser& p);
  /// Protected users, ambiguous correlations, mapping errors, rule skips and people only a
  /// retiring source lists: nothing is planned for them.
  bool refused_up_front(UserPlan& u, const DesiredUser& p, const std::string& directory_name);
  /// A matched user left as the directory has them.
  void keep(UserPlan u, const std::string& directory_name);
  void skip(UserPlan u, const char* why);
  void update_attributes(UserPlan& u, const DesiredUser& p, const DirectoryUser& d);
  /// `correction`: the manual correction that asks for it, 0 for none.
  void deactivate(UserPlan& u, const std::string& why, std::int64_t correction = 0);
  void reactivate(UserPlan& u, const DirectoryUser& d, std::int64_t correction = 0);
  void remove(UserPlan& u, const std::string& why);
  /// Keeps the account as an empty shell: renamed to a stable pseudonym, attributes cleared, inactive.
  void anonymize(UserPlan& u, const std::string& why);
  /// Removes the managed memberships (not protected, unmanaged or conflicting ones).
  void strip_memberships(UserPlan& u, const char* why);
  /// `edits`: the person's corrected memberships, whose changes get the reason manual_correction.
  void sync_groups(UserPlan& u, const std::vector<std::string>& have, const std::vector<std::string>& want,
                   bool creating, const DesiredUser* edits = nullptr);
  GroupConflict& conflict(const std::string& group);
  /// Deactivates an active user whose last login (or, without one, whose account) is too old.
  void check_inactivity(UserPlan& u, const DirectoryUser& d, const DesiredUser* p);
  void finish(UserPlan u);
  /// A directory user has this name, or the plan already gives it to someone (case-insensitively).
  bool username_in_use(std::string_view name) const;
  /// Gives `name` to the user being decided: it is in use from now on, and seen in the sources.
  void claim(const std::string& name);

  const ReconcileOptions& o_;
  GroupPolicy& groups_;
  Timestamp now_;
  const DirectoryState& dir_;
  KeyIndex taken_;    // usernames held in the directory: positions in dir_.users
  KeyIndex claimed_;  // usernames the plan gives to someone: positions in seen_
  std::map<std::string, std::string> new_groups_;  // folded -> as written by the first source
  std::map<std::string, GroupConflict> conflicts_;
  // One entry per decided user, in the order decided; build() sorts them.
  std::vector<UserResult> results_;
  std::vector<std::vector<Change>> changes_;
  std::vector<std::string> seen_;
};

}  // namespace usersync::detail
