#pragma once
// Stored plans: the changes in apply order, with the directory version they were computed against.
#include <cstdint>
#include <optional>
#include <string>

#include "database.h"
#include "model/plan.h"
#include "model/timestamp.h"

namespace usersync {

struct StoredPlan {
  std::int64_t id = 0;
  std::int64_t run_id = 0;
  std::string created_at;
  std::int64_t directory_version = 0;
  std::string directory_checksum;
  std::string status;  // pending, applying (a push under way or cut short), applied, partial, refused
  std::vector<std::string> seen_in_source;
  std::vector<Change> changes;
  std::vector<std::string> outcomes;  // per change: "" (not pushed, or applied in one transaction), applied,
                                      // failed, skipped
  std::int64_t conflicts = 0;  // group conflicts the plan left for a decision
};

class PlanStore {
 public:
  explicit PlanStore(Database& db) : db_(db) {}

  std::int64_t save(const Plan& plan, std::int64_t run_id, Timestamp now, std::int64_t directory_version,
                    const std::string& directory_checksum, const std::string& status);
  /// The plan with `id`, or the newest plan when id is 0; nullopt when there is none.
  std::optional<StoredPlan> load(std::int64_t id = 0);
  void set_status(std::int64_t id, const std::string& status);
  /// What the target made of change `index` (0-based, in plan order) of plan `plan_id`.
  void record_outcome(std::int64_t plan_id, std::size_t index, const std::string& outcome, std::int64_t http_status,
                      const std::string& detail);
  std::vector<std::int64_t> ids_with_status(const std::string& status);
  /// The plans applied, wholly or in part, whose id is above `after`, oldest first, each with only
  /// the changes that were carried out. whose id is above `after`, oldest first.
  std::vector<StoredPlan> applied_after(std::int64_t after);
  /// The newest pending plan's id; else the newest plan's (to say why it cannot be applied); 0.
  std::int64_t newest_pending_or_newest();
  /// The highest plan id so far, 0 when there is none.
  std::int64_t newest_id();

 private:
  Database& db_;
};

}  // namespace usersync
