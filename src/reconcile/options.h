#pragma once
// Everything the reconciler is told besides the data: correlation keys, group management,
// protected users and groups, time-based policies and per-run switches.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "model/correction.h"

#include "rules/regex.h"

namespace usersync {

struct MissingPolicy {
  std::string action = "deactivate";     // deactivate, delete, anonymize, keep
  int grace_days = 0;                    // 0: at the first run that misses them
  std::optional<int> delete_after_days;  // after deactivation, delete (or anonymize)
  std::string delete_action = "delete";  // delete or anonymize
  bool strip_memberships = false;        // on deactivation, leave managed groups
};

struct InactivityPolicy {
  std::optional<int> after_days;            // last login older than this: deactivate
  std::optional<int> never_logged_in_days;  // no login, account older than this: deactivate
  std::vector<NameMatcher> exempt_users;
  std::vector<NameMatcher> exempt_groups;
  bool enabled() const { return after_days || never_logged_in_days; }
};

struct GroupRename {
  std::shared_ptr<Regex> match;
  std::string replace;
};

struct GroupRules {
  std::vector<NameMatcher> include;  // empty: every group a source names
  std::vector<NameMatcher> exclude;
  std::vector<NameMatcher> adopt;    // existing groups that sources may take over without asking
  std::vector<GroupRename> renames;  // first match wins
  std::string prefix;
  std::set<std::string> accepted;  // folded names of conflicts an admin accepted
  std::set<std::string> rejected;  // folded names of conflicts an admin rejected
};

struct Switches {
  bool create = true;
  bool update = true;
  bool deactivate = true;
  bool remove = true;  // delete
};

struct ReconcileOptions {
  std::vector<std::string> match_on{"external_id", "email", "username"};
  MissingPolicy missing;
  InactivityPolicy inactivity;
  bool reactivate = true;
  GroupRules groups;
  std::vector<NameMatcher> protected_users;
  std::vector<NameMatcher> protected_groups;
  std::vector<NameMatcher> required_groups;  // empty: no filter
  Switches switches;
  std::vector<Correction> corrections;  // in force (active or waiting as conflicts), by id
};

/// True when any matcher matches `name`.
bool any_match(const std::vector<NameMatcher>& matchers, std::string_view name);

}  // namespace usersync
