#pragma once
// Carrying a committed plan out on a remote target. An HTTP call cannot be rolled back, so the
// plan is committed first (status "applying"), pushed outside any long transaction, and each
// outcome is recorded in a small transaction of its own as it arrives: a change the target took
// is mirrored into the embedded copy at once, one it refused is not, so the next run plans it
// again. A run killed during the push leaves the plan "applying"; the next run marks it partial
// and re-reads the target, so nothing is lost or done twice.
#include <optional>
#include <string>
#include <vector>

#include "apply/executor.h"
#include "model/errors.h"
#include "model/plan.h"
#include "store/database.h"
#include "store/history_store.h"

namespace usersync {

struct PushResult {
  ApplyOutcome outcome;                  // one per change attempted, in plan order
  std::optional<ExitCode> stopped_code;  // a failure that stopped the push (credentials, unavailable)
  std::string stopped_message;
  int signal = 0;                            // a signal stopped the push before its end
  std::vector<std::string> mirror_problems;  // applied on the target, but the copy could not follow
};

/// Marks the changes of a plan that got no outcome as not sent (inside the caller's transaction).
void mark_not_sent(Database& db, std::int64_t plan_id);

/// Pushes `changes` of plan `plan_id`, recording every outcome (and mirroring every success)
/// in its own transaction. Never throws for the target's failures: they end up in the result.
PushResult push_plan(Database& db, Executor& executor, std::int64_t plan_id, const std::vector<Change>& changes,
                     Timestamp now);

/// Rewrites the users.jsonl lines of users whose changes the target did not take: action
/// `error`, reason `target_rejected` (or `not_sent` when a change was skipped or never sent),
/// and each change's detail in `errors`. Returns what the push held back (none when all went).
std::optional<HeldBack> apply_push_to_lines(std::vector<UserLine>& lines, const std::vector<Change>& changes,
                                            const PushResult& push);

/// "applied", "failed", "skipped" and "not_sent" counts of a push, for the summary.
std::map<std::string, std::int64_t> push_counts(const std::vector<Change>& changes, const PushResult& push);

/// Marks what a killed push left behind: plans still "applying" become "partial", and their runs
/// "interrupted". Returns the ids of the plans it marked.
std::vector<std::int64_t> recover_cut_short_pushes(Database& db);

}  // namespace usersync
