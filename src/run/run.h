#pragma once
// A run is a value, not an exit. The use cases (import, validate, plan, apply, sync) live here,
// below the CLI: each takes a config and options and returns what happened. The CLI parses the
// command line, calls one of these, prints the outcome and maps it to an exit code; a scheduler
// or a test calls the same functions.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "model/errors.h"
#include "model/plan.h"
#include "model/timestamp.h"
#include "reports/report_files.h"
#include "reports/summary.h"

namespace usersync {

struct RunOptions {
  std::string database;    // resolved path, or ":memory:"
  std::string report_dir;  // reports go into exactly this folder; empty: a folder per run
  Timestamp now;
  double wait_seconds = 30;  // for the database lock
  bool allow_mass_changes = false;
  bool strict = false;  // any per-user error refuses the whole run (also [run] strict)
  bool no_create = false, no_update = false, no_deactivate = false, no_delete = false, upsert_only = false;
  std::string only_source;   // import: only this source
  std::int64_t plan_id = 0;  // apply: this plan; 0 the newest

  /// The switches in force: the config's, narrowed by the command-line flags.
  Switches switches(Switches from_config) const;
  /// The flags that changed behaviour, as a user would type them, for the audit trail.
  std::vector<std::string> given() const;
};

struct RunOutcome {
  ExitCode code = ExitCode::ok;
  std::string status;   // planned, applied, no_changes, partial, refused, failed, valid, imported
  std::string message;  // the error or refusal when the run did not go through
  std::vector<HeldBack> held_back;
  std::vector<std::string> warnings;  // things that went wrong after the commit, which undo nothing
  std::optional<RunSummary> summary;  // plan, apply, sync (refused and failed runs too); validate's verdict
  std::optional<ReportFiles> reports;
  std::vector<SourceSummary> sources;  // what was read
  bool directory_refreshed = false;
  std::optional<Drift> drift;  // a refreshed export that shows otherwise than the last apply
  std::int64_t directory_users = 0, directory_groups = 0;  // validate: the directory as read
  std::vector<GuardFigure> guards;                         // validate: every guard's figures
  std::size_t conflicts = 0;                               // validate: group conflicts a run would raise
};

/// `mode` is "plan" or "sync": import, plan, guards, (apply), history, reports.
RunOutcome run_plan(const Config& cfg, const RunOptions& options, const std::string& mode);
/// Applies a stored plan if the directory has not moved since it was made.
RunOutcome run_apply(const Config& cfg, const RunOptions& options);
/// Reads the sources (and the directory export) into staging.
RunOutcome run_import(const Config& cfg, const RunOptions& options);
/// Everything a sync would do, in a transaction that is rolled back: imports, maps, plans and
/// measures the guards against the real database (or an empty one when there is none yet).
RunOutcome run_validate(const Config& cfg, const RunOptions& options);

}  // namespace usersync
