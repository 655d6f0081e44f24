// import, plan, apply and sync: the commands that read sources and write state.
#include <SQLiteCpp/Transaction.h>

#include "cli/commands.h"
#include "cli/output.h"
#include "cli/pipeline.h"
#include "cli/run_report.h"
#include "apply/embedded_executor.h"
#include "model/checksum.h"
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
  std::vector<std::string> text;
  text.reserve(lines.size());
  for (const auto& l : lines) text.push_back(l.line);
  auto files = write_report_files(report_folder(s.opts, s.cfg, s.db_path, summary.run_id), json, text);
  if (!s.opts.quiet) print_run(out, summary, files, s.opts.json);
}

/// Import, plan and (for sync) apply, in one transaction.
int plan_or_sync(const std::string& mode, const Args& args, std::ostream& out) {
  auto s = open_session(mode, "--config FILE [options]", args, out);
  if (!s) return 0;
  Database db(s->db_path);
  SQLite::Transaction tx(db.sql());
  refresh_directory(db, s->cfg, s->now);
  auto sources = import_sources(db, s->cfg, s->now);
  auto plan = compute_plan(db, s->cfg, s->now);
  HistoryStore history(db);
  DirectoryStore directory(db);
  auto run_id = history.begin_run(mode, s->now);
  const bool apply = mode == "sync";
  auto plan_id = PlanStore(db).save(plan, run_id, s->now, directory.version(), directory.export_checksum(),
                                    apply ? "applied" : "pending");
  if (apply) execute(db, plan.changes, plan.seen_in_source, s->now);
  auto summary = base_summary(db, s->cfg, mode, s->now);
  summary.run_id = run_id;
  summary.plan_id = plan_id;
  summary.sources = sources;
  summary.changes = plan.change_counts();
  summary.actions = plan.action_counts();
  summary.status = !apply ? "planned" : plan.changes.empty() ? "no_changes" : "applied";
  finish(*s, db, summary, user_lines(plan.results), tx, out);
  return 0;
}

}  // namespace

int cmd_plan(const Args& args, std::ostream& out) { return plan_or_sync("plan", args, out); }
int cmd_sync(const Args& args, std::ostream& out) { return plan_or_sync("sync", args, out); }

int cmd_import(const Args& args, std::ostream& out) {
  std::string only;
  po::options_description extra("Import");
  extra.add_options()("source", po::value(&only)->value_name("NAME"), "import only this source");
  auto s = open_session("import", "--config FILE [--source NAME] [options]", args, out, extra);
  if (!s) return 0;
  Database db(s->db_path);
  SQLite::Transaction tx(db.sql());
  bool refreshed = only.empty() && refresh_directory(db, s->cfg, s->now);
  auto sources = import_sources(db, s->cfg, s->now, only);
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
    out << "imported " << src.name << ": " << src.records << " records from " << src.path << " (" << src.encoding
        << ", " << src.delimiter << ")\n";
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
    throw StaleError("plan " + std::to_string(stored->id) + " is stale: the directory changed since the plan was made "
                     "(version " + std::to_string(stored->directory_version) + ", now " +
                     std::to_string(directory.version()) + "). Run usersync plan again");
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
