#pragma once
// The steps every run is made of, in the order a sync takes them. Each step works inside the
// caller's transaction; run.cpp decides where transactions begin and end.
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "model/plan.h"
#include "model/timestamp.h"
#include "reports/summary.h"
#include "store/database.h"
#include "target/scim_target.h"

namespace usersync {

/// What a directory refresh found.
struct Refresh {
  bool refreshed = false;
  std::optional<Drift> drift;  // users the new export shows otherwise than the last apply left them
};

/// Refreshes the embedded directory from the configured export, or from `target` (what a remote
/// target holds, read before the transaction began), when its content (or the export's mapping)
/// changed since the last refresh, and compares it with what the plans applied since did.
Refresh refresh_directory(Database& db, const Config& cfg, Timestamp now, const TargetSnapshot* target = nullptr);

/// What reading the sources gave: a summary per source and the source guards' figures.
struct ImportResult {
  std::vector<SourceSummary> sources;
  std::vector<GuardFigure> guards;
};

/// Reads every source (or only `only`) into staging: maps each record, checks its key is present
/// and unique, stores it with its origin. Throws InputError at the first bad record. Appends to
/// `out` as it goes, so a caller that catches an error still knows what was read. The empty- and
/// shrunken-source guards are measured for every source; refusing is the caller's decision.
void import_sources(Database& db, const Config& cfg, Timestamp now, ImportResult& out, const std::string& only = "",
                    bool allow_mass_changes = false);

/// Every source's newest staged records, mapped, with their crosswalk entries.
std::vector<SourceUser> load_staged_users(Database& db, const Config& cfg);

/// The plan for the current staging and directory, with the admin's conflict decisions and the
/// manual corrections in force (whose conflicts it records).
Plan compute_plan(Database& db, const Config& cfg, Timestamp now, const Switches& switches);

/// The summary skeleton every run shares: directory facts and configured sources.
RunSummary base_summary(Database& db, const Config& cfg, const std::string& mode, Timestamp now);

/// The held-back entries for `errors` users with errors and `conflicts` pending group conflicts
/// (none for a zero count), with their messages; examples are the caller's.
std::vector<HeldBack> held_back_counts(std::int64_t errors, std::int64_t conflicts);

/// What a plan holds back: users with errors (the first few located in their source files) and
/// group conflicts waiting for a decision.
std::vector<HeldBack> held_back(Database& db, const Config& cfg, const std::vector<UserResult>& results,
                                std::size_t conflicts, const std::vector<CorrectionOutcome>& corrections = {});

}  // namespace usersync
