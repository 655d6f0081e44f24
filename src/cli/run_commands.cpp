// import, plan, apply and sync: the commands that read sources and write state.
#include <SQLiteCpp/Transaction.h>

#include "apply/embedded_executor.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/pipeline.h"
#include "cli/run_report.h"
#include "model/checksum.h"
#include "store/conflict_store.h"
#include "store/directory_store.h"
#include "store/plan_store.h"

namespace usersync {

namespace {

struct Session {
  CommonOptions opts;
  Config cfg;
  std::string db_path;
  Timestamp now;
};

std::optional<Session> open_session(const std::string& command, const std::string& synopsis, const Args& args,
                                    std::ostream& out, po::options_description extra = po::options_description()) {
  Session s;
  std::string now_text;
  auto options = common_options(s.opts, now_text);
  options.add(extra);
  auto vm = parse_command(command, synopsis, options, {}, args, out);
  if (!vm) return std::nullopt;
  finish_common(s.opts, now_text);
  s.cfg = load_config(s.opts.config);
  s.db_path = s.opts.db.empty() ? s.cfg.database : s.opts.db;
  s.now = s.opts.clock();
  return s;
}

/// Applies changes, and records who the sources still list. Inside the caller's transaction.
std::int64_t execute(Database& db, const std::vector<Change>& changes, const std::vector<std::string>& seen,
                     Timestamp now) {
  DirectoryStore directory(db);
  EmbeddedExecutor executor(directory);
  auto outcome = executor.apply(changes, now);
  for (const auto& name : seen) directory.mark_seen_in_source(name, now);
  return outcome.applied;
}

void finish(const Session& s, Database& db, RunSummary& summary, const std::vector<UserLine>& lines,
            SQLite::Transaction& tx, std::ostream& out) {
  HistoryStore history(db);
  auto json = record_run(history, summary, lines);
  tx.commit();
  auto files = write_report_files(report_folder(s.opts, s.cfg, s.db_path, summary.run_id), json, lines.size(),
                                  [&](std::size_t i) -> const std::string& { return lines[i].line; });
  if (!s.opts.quiet) print_run(out, summary, files, s.opts.json);
}

/// Per-run switches and the guard override, for plan and sync.
struct RunFlags {
  bool allow_mass_changes = false;
  bool no_create = false, no_update = false, no_deactivate = false, no_delete = false, upsert_only = false;

  po::options_description options() {
    po::options_description d("Safety");
    d.add_options()("allow-mass-changes", po::bool_switch(&allow_mass_changes),
                    "override the deprovisioning threshold and the empty/shrunken-source guards for a reviewed run")(
        "no-create", po::bool_switch(&no_create), "create no users")("no-update", po::bool_switch(&no_update),
                                                                     "change no attributes, usernames or memberships")(
        "no-deactivate", po::bool_switch(&no_deactivate), "deactivate nobody")("no-delete", po::bool_switch(&no_delete),
                                                                               "delete nobody")(
        "upsert-only", po::bool_switch(&upsert_only), "create and update only: --no-deactivate --no-delete");
    return d;
  }
  Switches apply_to(Switches s) const {
    if (no_create) s.create = false;
    if (no_update) s.update = false;
    if (no_deactivate || upsert_only) s.deactivate = false;
    if (no_delete || upsert_only) s.remove = false;
    return s;
  }
};

/// Import, plan and (for sync) apply, in one transaction. A plan over the deprovisioning guard is
/// rolled back and recorded as refused, with its reports, and the command exits 4.
int plan_or_sync(const std::string& mode, const Args& args, std::ostream& out) {
  RunFlags flags;
  auto s = open_session(mode, "--config FILE [options]", args, out, flags.options());
  if (!s) return 0;
  Database db(s->db_path);
  const bool apply = mode == "sync";
  std::optional<std::string> refusal;
  std::vector<SourceSummary> sources;
  Plan plan;
  auto summarize = [&](std::int64_t run_id, std::int64_t plan_id, const std::string& status) {
    auto summary = base_summary(db, s->cfg, mode, s->now);
    summary.run_id = run_id;
    summary.plan_id = plan_id;
    summary.sources = sources;
    summary.changes = plan.change_counts();
    summary.actions = plan.action_counts();
    summary.conflicts = plan.conflicts;
    summary.status = status;
    if (refusal) summary.messages.push_back("refused: " + *refusal);
    if (!plan.conflicts.empty())
      summary.messages.push_back(std::to_string(plan.conflicts.size()) +
                                 " group conflict(s) wait for a decision: usersync conflicts list");
    return summary;
  };
  {
    SQLite::Transaction tx(db.sql());
    DirectoryStore directory(db);
    refresh_directory(db, s->cfg, s->now);
    sources = import_sources(db, s->cfg, s->now, "", flags.allow_mass_changes);
    plan = compute_plan(db, s->cfg, s->now, flags.apply_to(s->cfg.reconcile.switches));
    if (!flags.allow_mass_changes) refusal = deprovision_refusal(plan, directory.user_count(), s->cfg.guards);
    if (!refusal) {
      HistoryStore history(db);
      auto run_id = history.begin_run(mode, s->now);
      auto plan_id = PlanStore(db).save(plan, run_id, s->now, directory.version(), directory.export_checksum(),
                                        apply ? "applied" : "pending");
      ConflictStore(db).record(plan.conflicts, s->now);
      if (apply) execute(db, plan.changes, plan.seen_in_source, s->now);
      auto summary = summarize(run_id, plan_id, !apply ? "planned" : plan.changes.empty() ? "no_changes" : "applied");
      finish(*s, db, summary, user_lines(std::move(plan.results)), tx, out);
      if (!plan.conflicts.empty())
        throw StaleError(std::to_string(plan.conflicts.size()) +
                         " group conflict(s) were not synced and wait for a "
                         "decision; see usersync conflicts list");
      return 0;
    }
  }
  // Refused: nothing of the run stays but its record, so the reports show what it would have done.
  SQLite::Transaction tx(db.sql());
  HistoryStore history(db);
  auto run_id = history.begin_run(mode, s->now);
  DirectoryStore directory(db);
  auto plan_id = PlanStore(db).save(plan, run_id, s->now, directory.version(), directory.export_checksum(), "refused");
  auto summary = summarize(run_id, plan_id, "refused");
  finish(*s, db, summary, user_lines(std::move(plan.results)), tx, out);
  throw RefusedError(*refusal);
}

}  // namespace

int cmd_plan(const Args& args, std::ostream& out) { return plan_or_sync("plan", args, out); }
int cmd_sync(const Args& args, std::ostream& out) { return plan_or_sync("sync", args, out); }

int cmd_import(const Args& args, std::ostream& out) {
  std::string only;
  bool allow_mass_changes = false;
  po::options_description extra("Import");
  extra.add_options()("source", po::value(&only)->value_name("NAME"), "import only this source")(
      "allow-mass-changes", po::bool_switch(&allow_mass_changes), "accept an empty or shrunken source");
  auto s = open_session("import", "--config FILE [--source NAME] [options]", args, out, extra);
  if (!s) return 0;
  Database db(s->db_path);
  SQLite::Transaction tx(db.sql());
  bool refreshed = only.empty() && refresh_directory(db, s->cfg, s->now);
  auto sources = import_sources(db, s->cfg, s->now, only, allow_mass_changes);
  tx.commit();
  if (s->opts.quiet) return 0;
  if (s->opts.json) {
    out << "{\"directory_refreshed\": " << (refreshed ? "true" : "false") << ", \"sources\": [";
    for (std::size_t i = 0; i < sources.size(); ++i)
      out << (i ? ", " : "") << "{\"name\": " << json_quote(sources[i].name) << ", \"records\": " << sources[i].records
          << ", \"checksum\": " << json_quote(sources[i].checksum) << "}";
    out << "]}\n";
    return 0;
  }
  if (refreshed) out << "directory refreshed from " << s->cfg.directory.path_as_written << "\n";
  for (const auto& src : sources)
    out << (src.unchanged ? "unchanged " : "imported ") << src.name << ": " << src.records << " records from "
        << src.path << " (" << src.encoding << ", " << src.delimiter << ")\n";
  return 0;
}

int cmd_apply(const Args& args, std::ostream& out) {
  std::int64_t plan_arg = 0;
  po::options_description extra("Apply");
  extra.add_options()("plan", po::value(&plan_arg)->value_name("ID"), "apply this plan (default: the newest)");
  auto s = open_session("apply", "--config FILE [--plan ID] [options]", args, out, extra);
  if (!s) return 0;
  Database db(s->db_path);
  SQLite::Transaction tx(db.sql());
  PlanStore plans(db);
  auto stored = plans.load(plan_arg);
  if (!stored)
    throw UsageError(plan_arg ? "there is no plan " + std::to_string(plan_arg)
                              : std::string("there is no plan to apply; run usersync plan first"));
  if (stored->status != "pending")
    throw StaleError("plan " + std::to_string(stored->id) +
                     (stored->status == "applied" ? std::string(" was already applied") : " is " + stored->status) +
                     "; only a pending plan can be applied. Run usersync plan again");
  DirectoryStore directory(db);
  if (!s->cfg.directory.path.empty() && file_sha256(s->cfg.directory.path) != stored->directory_checksum)
    throw StaleError("plan " + std::to_string(stored->id) + " is stale: " + s->cfg.directory.path_as_written +
                     " changed since the plan was made. Run usersync plan again");
  if (directory.version() != stored->directory_version)
    throw StaleError("plan " + std::to_string(stored->id) +
                     " is stale: the directory changed since the plan was made "
                     "(version " +
                     std::to_string(stored->directory_version) + ", now " + std::to_string(directory.version()) +
                     "). Run usersync plan again");
  HistoryStore history(db);
  auto run_id = history.begin_run("apply", s->now);
  execute(db, stored->changes, stored->seen_in_source, s->now);
  plans.set_status(stored->id, "applied");
  auto lines = history.results(stored->run_id);
  auto summary = base_summary(db, s->cfg, "apply", s->now);
  summary.run_id = run_id;
  summary.plan_id = stored->id;
  Plan applied;
  applied.changes = stored->changes;
  summary.changes = applied.change_counts();
  summary.actions = applied.action_counts();
  for (const auto& l : lines) ++summary.actions[l.action];
  summary.status = stored->changes.empty() ? "no_changes" : "applied";
  finish(*s, db, summary, lines, tx, out);
  return 0;
}

}  // namespace usersync
