// The use cases of a run, from lock to reports. Each returns an outcome; none exits or prints.
#include "run.h"

#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Transaction.h>

#include <csignal>
#include <filesystem>

#include "apply/embedded_executor.h"
#include "guards.h"
#include "interrupt.h"
#include "model/checksum.h"
#include "pipeline.h"
#include "progress.h"
#include "remote_push.h"
#include "run_lock.h"
#include "run_report.h"
#include "store/conflict_store.h"
#include "store/directory_store.h"
#include "store/plan_store.h"
#include "target.h"
#include "target/scim_bulk.h"

namespace usersync {

Switches RunOptions::switches(Switches s) const {
  if (no_create) s.create = false;
  if (no_update) s.update = false;
  if (no_deactivate || upsert_only) s.deactivate = false;
  if (no_delete || upsert_only) s.remove = false;
  return s;
}

std::vector<std::string> RunOptions::given() const {
  std::vector<std::string> out;
  auto add = [&](bool on, const char* flag) {
    if (on) out.emplace_back(flag);
  };
  add(allow_mass_changes, "--allow-mass-changes");
  add(strict, "--strict");
  add(no_create, "--no-create");
  add(no_update, "--no-update");
  add(no_deactivate, "--no-deactivate");
  add(no_delete, "--no-delete");
  add(upsert_only, "--upsert-only");
  return out;
}

namespace {

/// The run's summary as it starts: the directory it is made against and the audit facts.
RunSummary start_summary(Database& db, const Config& cfg, const RunOptions& o, const std::string& mode) {
  auto s = base_summary(db, cfg, mode, o.now);
  s.usersync_version = USERSYNC_VERSION;
  s.config_checksum = file_sha256(cfg.file);
  s.options = o.given();
  return s;
}

void fill_counts(RunSummary& s, const Plan& plan) {
  s.changes = plan.change_counts();
  s.actions = plan.action_counts();
  s.conflicts = plan.conflicts;
}

/// Applies changes, and records who the sources still list. Inside the caller's transaction.
void execute(Database& db, const std::vector<Change>& changes, const std::vector<std::string>& seen, Timestamp now) {
  DirectoryStore directory(db);
  EmbeddedExecutor executor(directory);
  executor.apply(changes, now);
  directory.mark_seen_in_source(seen, now);
}

/// The outcome of an error that ended a run before its commit.
RunOutcome ended_by(const Error& e) {
  RunOutcome out;
  out.code = e.code();
  out.message = e.what();
  switch (e.code()) {
    case ExitCode::refused:
    case ExitCode::stale:
      out.status = "refused";
      break;
    case ExitCode::busy:
      out.status = "busy";
      break;
    case ExitCode::interrupted_int:
    case ExitCode::interrupted_term:
      out.status = "interrupted";
      break;
    default:
      out.status = "failed";
  }
  return out;
}

/// Runs `body` and turns what it throws into an outcome; SQLite and other unexpected errors
/// become internal failures with their text.
template <class Body>
RunOutcome guarded(Body&& body) {
  try {
    return body();
  } catch (const Error& e) {
    return ended_by(e);
  } catch (const SQLite::Exception& e) {
    return ended_by(Error(ExitCode::internal, std::string("database: ") + e.what()));
  } catch (const std::exception& e) {
    return ended_by(Error(ExitCode::internal, std::string("internal: ") + e.what()));
  }
}

/// Finishes the reports of a committed or recorded run (a signal now waits until they are whole):
/// `writer` when its results were fed as they were produced, else a new one fed from `lines`.
ReportFiles publish_reports(const RunOptions& o, const Config& cfg, const RunSummary& summary,
                            const std::vector<UserLine>& lines, const RunChanges& changes,
                            std::unique_ptr<ReportWriter> writer = nullptr) {
  if (!writer) {
    writer = std::make_unique<ReportWriter>(report_folder(o.report_dir, cfg, o.database, summary.run_id),
                                            report_formats(cfg));
    writer->begin(summary);
    writer->users_from_lines(
        lines.size(), [&](std::size_t i) -> const std::string& { return lines[i].line; },
        "run " + std::to_string(summary.run_id));
  }
  writer->end(summary, changes);
  return writer->publish();
}

/// A run went through (or was recorded) but its reports could not be written: only a warning,
/// since history keeps what `usersync report` needs to write them again.
std::string reports_not_written(const RunSummary& summary, const std::exception& e) {
  return "run " + std::to_string(summary.run_id) + " was " + summary.status + ", but its reports could not be written: " +
         e.what() + "; write them with: usersync report " + std::to_string(summary.run_id) + " --out DIR";
}

/// What became of each change of a push, for the reports: applied, failed, skipped, not_sent.
std::vector<std::string> push_outcomes(const std::vector<Change>& changes, const PushResult& push) {
  std::vector<std::string> out(changes.size(), "not_sent");
  const auto& outcomes = push.outcome.outcomes;
  for (std::size_t i = 0; i < outcomes.size() && i < out.size(); ++i)
    if (outcomes[i]) out[i] = std::string(to_string(outcomes[i]->status));
  return out;
}

/// Records a run that did not go through, in its own small transaction after the run's own was
/// rolled back: its status, the message, what it read, and (when `lines` are given, for a
/// refusal) its reports. Nothing else of the run stays.
RunOutcome record_ending(Database& db, const Config& cfg, const RunOptions& o, RunOutcome out, RunSummary summary,
                         std::vector<UserLine> lines, const Plan* refused_plan, bool reports) {
  try {
    SQLite::Transaction tx(db.sql(), SQLite::TransactionBehavior::IMMEDIATE);
    HistoryStore history(db);
    summary.run_id = history.begin_run(summary.mode, o.now);
    if (refused_plan) {
      DirectoryStore directory(db);
      summary.plan_id = PlanStore(db).save(*refused_plan, summary.run_id, o.now, directory.version(),
                                           directory.export_checksum(), "refused");
    }
    summary.status = out.status;
    summary.messages.push_back(out.status + ": " + out.message);
    record_run(history, summary, lines);
    tx.commit();
  } catch (const std::exception& e) {
    // The run's own error is what the user must see; the record comes second (the database
    // itself may be what failed), but its failure is not hidden.
    out.message += "\n(this run could not be recorded in history: " + std::string(e.what()) + ")";
    reports = false;
  }
  if (reports) {
    try {
      RunChanges none;
      none.default_outcome = "not applied";
      out.reports = publish_reports(o, cfg, summary, lines, none);
    } catch (const std::exception& e) {
      out.warnings.push_back(reports_not_written(summary, e));
    }
  }
  out.summary = std::move(summary);
  return out;
}

ExitCode code_for(const std::vector<HeldBack>& held) { return held.empty() ? ExitCode::ok : ExitCode::partial; }

/// The end every run that goes through shares: record it, commit (the last point where a signal
/// still undoes everything), then write the reports, which a signal no longer stops.
RunOutcome commit_and_report(SQLite::Transaction& tx, Database& db, const Config& cfg, const RunOptions& o,
                             RunSummary summary, const std::vector<UserLine>& lines, const std::vector<Change>& changes,
                             std::unique_ptr<ReportWriter> reports, std::int64_t routine_elsewhere,
                             std::vector<std::string> outcomes = {}, bool undoable = true) {
  // A plan stays "planned" when it holds something back; a sync or apply that does is "partial".
  if (!summary.held_back.empty() && (summary.status == "applied" || summary.status == "no_changes"))
    summary.status = "partial";
  for (const auto& h : summary.held_back) summary.messages.push_back(h.message);
  auto bulk = scim_bulk_request(changes);
  if (bulk.left_out) summary.messages.push_back(scim_bulk_message(bulk));
  HistoryStore history(db);
  record_run(history, summary, lines, routine_elsewhere);
  test_point("before_commit");
  // After a push, what the target took is done: the record of it must be kept, signal or not.
  if (undoable) stop_if_interrupted();
  tx.commit();
  test_point("committed");
  RunOutcome out;
  out.code = code_for(summary.held_back);
  out.status = summary.status;
  out.held_back = summary.held_back;
  out.sources = summary.sources;
  out.drift = summary.drift;
  // Committed: the run happened whatever comes next, so nothing from here may turn it into a
  // failure, and a signal only waits for the reports to be whole.
  try {
    RunChanges planned{&changes, std::move(outcomes), summary.mode == "plan" ? "planned" : "applied", &bulk.json};
    // Reports written from the lines (an apply of a stored plan) cannot list the users history
    // only counted; reports fed as the results were decided listed everyone.
    if (!reports) summary.users_not_listed = routine_elsewhere;
    out.reports = publish_reports(o, cfg, summary, lines, planned, std::move(reports));
  } catch (const std::exception& e) {
    out.warnings.push_back(reports_not_written(summary, e));
  }
  if (int signal_number = pending_interrupt(); signal_number && undoable)
    out.warnings.push_back(std::string(signal_number == SIGTERM ? "SIGTERM" : "SIGINT") +
                           " arrived after the changes were committed; the run was completed");
  test_point("reported");
  out.summary = std::move(summary);
  return out;
}

/// The actions of `lines`, and `routine_elsewhere` unchanged users whose lines history did not keep.
std::map<std::string, std::int64_t> count_actions(const std::vector<UserLine>& lines, std::int64_t routine_elsewhere) {
  std::map<std::string, std::int64_t> out;
  for (const auto& a : all_actions()) out[a] = 0;
  for (const auto& l : lines) ++out[l.action];
  out["unchanged"] += routine_elsewhere;
  return out;
}

/// The second half of a run on a remote target, after its plan was committed as "applying":
/// push change by change, then record what really happened (results, counts, plan status) in
/// one last small transaction and write the reports.
/// `routine_elsewhere`: users of the plan in sync whose lines are not among `lines` (an apply reads
/// the plan's lines from history, which kept none of theirs).
RunOutcome push_and_report(Database& db, const Config& cfg, const RunOptions& o, RunSummary summary,
                           std::vector<UserLine> lines, std::int64_t routine_elsewhere,
                           const std::vector<Change>& changes, Executor& executor) {
  auto push = push_plan(db, executor, summary.plan_id, changes, o.now);
  summary.outcomes = push_counts(changes, push);
  const auto applied = summary.outcomes["applied"];
  if (auto held = apply_push_to_lines(lines, changes, push)) summary.held_back.push_back(std::move(*held));
  summary.actions = count_actions(lines, routine_elsewhere);
  std::string message;
  if (push.stopped_code) {
    summary.status = "failed";
    message = push.stopped_message + "; " + std::to_string(applied) + " of " + std::to_string(changes.size()) +
              " changes were applied before it";
  } else if (push.signal) {
    summary.status = "interrupted";
    message = std::string(push.signal == SIGTERM ? "SIGTERM" : "SIGINT") + " stopped the push after " +
              std::to_string(applied) + " of " + std::to_string(changes.size()) +
              " changes; what was applied is recorded, the rest is planned again by the next run";
  } else {
    summary.status = changes.empty() ? "no_changes" : "applied";
  }
  if (!message.empty()) summary.messages.push_back(summary.status + ": " + message);
  for (const auto& p : push.mirror_problems)
    summary.messages.push_back("applied on the target, but the embedded copy could not follow (" + p +
                               "); the next run reads the target again");
  SQLite::Transaction tx(db.sql(), SQLite::TransactionBehavior::IMMEDIATE);
  PlanStore(db).set_status(summary.plan_id,
                           applied == static_cast<std::int64_t>(changes.size()) ? "applied" : "partial");
  mark_not_sent(db, summary.plan_id);
  if (applied) DirectoryStore(db).bump_version();
  auto out =
      commit_and_report(tx, db, cfg, o, std::move(summary), lines, changes, nullptr, routine_elsewhere,
                        push_outcomes(changes, push), false);
  if (push.stopped_code) {
    out.code = *push.stopped_code;
    out.message = message;
  } else if (push.signal) {
    out.code = push.signal == SIGTERM ? ExitCode::interrupted_term : ExitCode::interrupted_int;
    out.message = message;
  }
  return out;
}

std::size_t user_errors(const std::vector<HeldBack>& held) {
  for (const auto& h : held)
    if (h.kind == "user_errors") return static_cast<std::size_t>(h.count);
  return 0;
}

std::string strict_message(const std::vector<HeldBack>& held) {
  auto n = user_errors(held);
  return "--strict: " + std::to_string(n) + (n == 1 ? " user has" : " users have") +
         " errors, so the whole run is refused and nothing was changed";
}

}  // namespace

RunOutcome run_plan(const Config& cfg, const RunOptions& o, const std::string& mode) {
  InterruptHandlers handlers;
  return guarded([&]() -> RunOutcome {
    RunLock lock(o.database, mode, o.wait_seconds);
    test_point("locked");
    stop_if_interrupted();
    Database db(o.database);
    const bool apply = mode == "sync";
    const bool strict = o.strict || cfg.strict;
    ImportResult read;
    RunSummary summary;
    Plan plan;
    std::vector<HeldBack> held;
    std::optional<RunOutcome> ending;  // set when the run is refused or fails: recorded after the rollback
    bool keep_plan = false;
    recover_cut_short_pushes(db);
    std::unique_ptr<ScimTarget> target;
    std::optional<TargetSnapshot> snapshot;
    try {
      if ((target = open_target(cfg))) snapshot = target->read();  // network reads, before the transaction
      SQLite::Transaction tx(db.sql(), SQLite::TransactionBehavior::IMMEDIATE);
      auto refresh = refresh_directory(db, cfg, o.now, snapshot ? &*snapshot : nullptr);
      import_sources(db, cfg, o.now, read, "", o.allow_mass_changes);
      test_point("imported");
      stop_if_interrupted();
      summary = start_summary(db, cfg, o, mode);
      summary.drift = refresh.drift;
      if (refresh.drift) summary.messages.push_back(drift_message(*refresh.drift));
      summary.sources = read.sources;
      summary.guards = read.guards;
      if (auto why = refusal(read.guards)) throw RefusedError(*why);
      plan = compute_plan(db, cfg, o.now, o.switches(cfg.reconcile.switches));
      progress("planning: users decided", static_cast<std::int64_t>(plan.results.size()), true);
      test_point("planned");
      stop_if_interrupted();
      for (auto& f : deprovision_guards(plan, summary.directory_users, cfg.guards, o.allow_mass_changes))
        summary.guards.push_back(std::move(f));
      fill_counts(summary, plan);
      held = held_back(db, cfg, plan.results, plan.conflicts.size(), plan.corrections);
      summary.held_back = held;
      if (auto why = refusal(summary.guards)) {
        ending = ended_by(RefusedError(*why));
        keep_plan = true;
      } else if (strict && user_errors(held)) {
        ending = ended_by(InputError(strict_message(held)));
      } else {
        HistoryStore history(db);
        DirectoryStore directory(db);
        summary.run_id = history.begin_run(mode, o.now);
        const bool push = apply && target;
        summary.plan_id =
            PlanStore(db).save(plan, summary.run_id, o.now, directory.version(), directory.export_checksum(),
                               push    ? "applying"
                               : apply ? "applied"
                                       : "pending");
        ConflictStore(db).record(plan.conflicts, o.now);
        if (push) {
          directory.mark_seen_in_source(plan.seen_in_source, o.now);
          test_point("before_commit");
          stop_if_interrupted();
          tx.commit();  // the plan is kept whatever the push does; from here each change commits alone
          auto executor = target->executor(snapshot->state);
          return push_and_report(db, cfg, o, std::move(summary), user_lines(std::move(plan.results)), 0,
                                 plan.changes, *executor);
        }
        // The reports are fed as the results become lines; they are published after the commit.
        auto reports = open_reports(o.report_dir, cfg, o.database, summary);
        // Fed to the reports, routine users are only counted from here (when the reports could be
        // opened: else they are written from the lines after the commit and need them all).
        std::int64_t routine = 0;
        auto lines = user_lines(std::move(plan.results), reports.get(), reports ? &routine : nullptr);
        if (apply) execute(db, plan.changes, plan.seen_in_source, o.now);
        summary.status = !apply ? "planned" : plan.changes.empty() ? "no_changes" : "applied";
        return commit_and_report(tx, db, cfg, o, std::move(summary), lines, plan.changes, std::move(reports), routine);
      }
    } catch (const InterruptedError&) {
      throw;  // rolled back; nothing to record
    } catch (const Error& e) {
      // Rolled back. A refusal by a source guard or bad input is still recorded below.
      ending = ended_by(e);
      summary.plan_id = 0;         // a plan saved before the error was rolled back with it
      if (summary.mode.empty()) {  // failed before the summary started: the directory as it was
        summary = start_summary(db, cfg, o, mode);
        summary.sources = read.sources;
        summary.guards = read.guards;
      }
    }
    ending->held_back = held;
    ending->sources = read.sources;
    bool refused = ending->code == ExitCode::refused;
    bool with_results = keep_plan || (strict && ending->code == ExitCode::bad_input && user_errors(held));
    return record_ending(db, cfg, o, std::move(*ending), std::move(summary),
                         with_results ? user_lines(std::move(plan.results)) : std::vector<UserLine>{},
                         keep_plan ? &plan : nullptr, refused || with_results);
  });
}

RunOutcome run_apply(const Config& cfg, const RunOptions& o) {
  InterruptHandlers handlers;
  return guarded([&]() -> RunOutcome {
    RunLock lock(o.database, "apply", o.wait_seconds);
    test_point("locked");
    stop_if_interrupted();
    Database db(o.database);
    RunSummary summary;
    std::optional<RunOutcome> ending;
    recover_cut_short_pushes(db);
    std::unique_ptr<ScimTarget> target;
    std::optional<TargetSnapshot> snapshot;
    try {
      if ((target = open_target(cfg))) snapshot = target->read();
      SQLite::Transaction tx(db.sql(), SQLite::TransactionBehavior::IMMEDIATE);
      PlanStore plans(db);
      // Without --plan, the newest pending plan: a refused plan kept for review is never applied.
      auto stored = plans.load(o.plan_id ? o.plan_id : plans.newest_pending_or_newest());
      if (!stored)
        throw UsageError(o.plan_id ? "there is no plan " + std::to_string(o.plan_id)
                                   : std::string("there is no plan to apply; run usersync plan first"));
      summary = start_summary(db, cfg, o, "apply");
      summary.plan_id = stored->id;
      auto id = std::to_string(stored->id);
      if (stored->status != "pending")
        throw StaleError("plan " + id +
                         (stored->status == "applied" ? std::string(" was already applied") : " is " + stored->status) +
                         "; only a pending plan can be applied. Run usersync plan again");
      DirectoryStore directory(db);
      if (!cfg.directory.path.empty() && cfg.directory_fingerprint() != stored->directory_checksum)
        throw StaleError("plan " + id + " is stale: " + cfg.directory.path_as_written +
                         " changed since the plan was made. Run usersync plan again");
      if (snapshot && snapshot->fingerprint != stored->directory_checksum)
        throw StaleError("plan " + id + " is stale: the users and groups on " + cfg.target.scim.url +
                         " changed since the plan was made. Run usersync plan again");
      if (directory.version() != stored->directory_version)
        throw StaleError("plan " + id + " is stale: the directory changed since the plan was made (version " +
                         std::to_string(stored->directory_version) + ", now " + std::to_string(directory.version()) +
                         "). Run usersync plan again");
      HistoryStore history(db);
      summary.run_id = history.begin_run("apply", o.now);
      auto lines = history.results(stored->run_id);
      const auto plan_run = history.find(stored->run_id);
      const auto routine = plan_run ? plan_run->routine : 0;
      Plan planned;
      planned.changes = stored->changes;
      summary.changes = planned.change_counts();
      summary.actions = count_actions(lines, routine);
      // What the plan held back is still held back: it was never part of its changes.
      summary.held_back = held_back_counts(summary.actions["error"], stored->conflicts);
      if (target) {
        plans.set_status(stored->id, "applying");
        directory.mark_seen_in_source(stored->seen_in_source, o.now);
        test_point("before_commit");
        stop_if_interrupted();
        tx.commit();
        auto executor = target->executor(snapshot->state);
        return push_and_report(db, cfg, o, std::move(summary), std::move(lines), routine, stored->changes, *executor);
      }
      execute(db, stored->changes, stored->seen_in_source, o.now);
      plans.set_status(stored->id, "applied");
      summary.status = stored->changes.empty() ? "no_changes" : "applied";
      return commit_and_report(tx, db, cfg, o, std::move(summary), lines, stored->changes, nullptr, routine);
    } catch (const InterruptedError&) {
      throw;
    } catch (const UsageError&) {
      throw;  // nothing was attempted: no plan to apply
    } catch (const Error& e) {
      ending = ended_by(e);
    }
    if (summary.mode.empty()) summary = start_summary(db, cfg, o, "apply");
    return record_ending(db, cfg, o, std::move(*ending), std::move(summary), {}, nullptr, false);
  });
}

RunOutcome run_import(const Config& cfg, const RunOptions& o) {
  InterruptHandlers handlers;
  return guarded([&]() -> RunOutcome {
    RunLock lock(o.database, "import", o.wait_seconds);
    stop_if_interrupted();
    Database db(o.database);
    RunOutcome out;
    recover_cut_short_pushes(db);
    std::optional<TargetSnapshot> snapshot;
    if (auto target = o.only_source.empty() ? open_target(cfg) : nullptr) snapshot = target->read();
    SQLite::Transaction tx(db.sql(), SQLite::TransactionBehavior::IMMEDIATE);
    if (o.only_source.empty()) {
      auto refresh = refresh_directory(db, cfg, o.now, snapshot ? &*snapshot : nullptr);
      out.directory_refreshed = refresh.refreshed;
      out.drift = refresh.drift;
    }
    ImportResult read;
    import_sources(db, cfg, o.now, read, o.only_source, o.allow_mass_changes);
    if (auto why = refusal(read.guards)) throw RefusedError(*why);
    test_point("before_commit");
    stop_if_interrupted();
    tx.commit();
    out.status = "imported";
    out.sources = std::move(read.sources);
    return out;
  });
}

RunOutcome run_validate(const Config& cfg, const RunOptions& o) {
  InterruptHandlers handlers;
  return guarded([&]() -> RunOutcome {
    // The real state when there is one, so validate sees what a run would see; else an empty
    // database in memory, as a first run would find. Either way nothing is committed.
    bool real = o.database != ":memory:" && std::filesystem::exists(o.database);
    std::string path = real ? o.database : ":memory:";
    RunLock lock(path, "validate", o.wait_seconds);
    std::optional<TargetSnapshot> snapshot;  // read only: validate sends no change
    if (auto target = open_target(cfg)) snapshot = target->read();
    Database db(path, Database::Migration::in_caller_transaction);
    SQLite::Transaction tx(db.sql(), SQLite::TransactionBehavior::IMMEDIATE);  // never committed
    db.migrate_uncommitted();  // an older schema is upgraded for the check and rolled back with it
    RunOutcome out;
    out.status = "valid";
    auto refresh = refresh_directory(db, cfg, o.now, snapshot ? &*snapshot : nullptr);
    out.directory_refreshed = refresh.refreshed;
    out.drift = refresh.drift;
    stop_if_interrupted();
    ImportResult read;
    import_sources(db, cfg, o.now, read, "", o.allow_mass_changes);
    out.sources = read.sources;
    stop_if_interrupted();
    auto plan = compute_plan(db, cfg, o.now, o.switches(cfg.reconcile.switches));
    test_point("planned");
    stop_if_interrupted();
    // The verdict is the summary a run would write: the directory, counts, guards, held back.
    auto& summary = out.summary.emplace(start_summary(db, cfg, o, "validate"));
    fill_counts(summary, plan);
    summary.sources = out.sources;
    summary.guards = std::move(read.guards);
    for (auto& f : deprovision_guards(plan, summary.directory_users, cfg.guards, o.allow_mass_changes))
      summary.guards.push_back(std::move(f));
    out.held_back = summary.held_back = held_back(db, cfg, plan.results, plan.conflicts.size(), plan.corrections);
    if (auto why = refusal(summary.guards)) {
      out.code = ExitCode::refused;
      out.status = "refused";
      out.message = *why;
    } else if ((o.strict || cfg.strict) && user_errors(out.held_back)) {
      out.code = ExitCode::bad_input;
      out.status = "failed";
      out.message = strict_message(out.held_back);
    } else {
      out.code = code_for(out.held_back);
    }
    return out;
  });
}

}  // namespace usersync
