#pragma once
// The steps every run is made of, in the order a sync takes them. Each step works inside the
// caller's transaction; the commands decide where transactions begin and end.
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "model/plan.h"
#include "model/timestamp.h"
#include "reports/summary.h"
#include "store/database.h"

namespace usersync {

/// Refreshes the embedded directory from the configured export when the export's content changed
/// since the last refresh. Returns true when it refreshed.
bool refresh_directory(Database& db, const Config& cfg, Timestamp now);

/// Reads every source (or only `only`) into staging: maps each record, checks its key is present
/// and unique, stores it with its origin. Throws InputError at the first bad record.
/// Unless `allow_mass_changes`, a source that is empty or shrank by more than the configured share
/// since its last import is refused (RefusedError), so it can never cause deactivations.
std::vector<SourceSummary> import_sources(Database& db, const Config& cfg, Timestamp now, const std::string& only = "",
                                          bool allow_mass_changes = false);

/// The plan for the current staging and directory, with the admin's conflict decisions.
Plan compute_plan(Database& db, const Config& cfg, Timestamp now, const Switches& switches);

/// Why the plan deprovisions too many users, or nullopt when it is within the guards.
std::optional<std::string> deprovision_refusal(const Plan& plan, std::int64_t directory_users, const Guards& guards);

/// The summary skeleton every run shares: directory facts and configured sources.
RunSummary base_summary(Database& db, const Config& cfg, const std::string& mode, Timestamp now);

}  // namespace usersync
