#pragma once
// Group-name conflicts and the admin's decisions on them: a source group that would take over a
// directory group usersync did not create waits here until accepted or rejected.
#include <set>
#include <string>
#include <vector>

#include "database.h"
#include "model/plan.h"
#include "model/timestamp.h"

namespace usersync {

struct ConflictInfo {
  std::string name;
  std::string status;  // pending, accepted, rejected
  std::string first_seen;
  std::string decided_at;
  std::vector<std::string> would_add;
  std::vector<std::string> would_remove;
};

class ConflictStore {
 public:
  explicit ConflictStore(Database& db) : db_(db) {}

  /// Records the plan's conflicts as pending (keeping earlier decisions) with their latest members.
  void record(const std::vector<GroupConflict>& conflicts, Timestamp now);
  std::vector<ConflictInfo> list();
  /// Sets the status of one conflict (by case-insensitive name), or of every pending one when
  /// `name` is empty. Returns how many changed.
  int decide(const std::string& name, const std::string& status, Timestamp now);
  std::set<std::string> folded_names(const std::string& status);

 private:
  Database& db_;
};

}  // namespace usersync
