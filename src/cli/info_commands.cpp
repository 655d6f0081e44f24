// init, history and report: commands that change no state and never wait for a running sync.
#include <algorithm>
#include <filesystem>
#include <fstream>

#include "cli/commands.h"
#include "cli/options.h"
#include "cli/output.h"
#include "cli/plan_view.h"
#include "config/config.h"
#include "rules/presets.h"
#include "model/text.h"
#include "reports/result_reader.h"
#include "run/run_report.h"
#include "store/plan_store.h"
#include "target/scim_bulk.h"

namespace usersync {

int cmd_init(const Args& args, std::ostream& out) {
  std::string path, preset;
  bool force = false;
  po::options_description options("Options");
  options.add_options()("out,o", po::value(&path)->value_name("FILE"), "write the config here (default: stdout)")(
      "preset", po::value(&preset)->value_name("NAME"),
      "start the source from a built-in preset (list: --list-presets)")("list-presets", "list the built-in presets")(
      "force", po::bool_switch(&force), "overwrite an existing file")("help,h", "show this help");
  auto vm = parse_command("init", "[--out FILE] [--preset NAME]", options, {}, args, out);
  if (!vm) return 0;
  if (vm->count("list-presets")) {
    for (const auto& p : preset_table()) out << p.name << " (" << p.format << "): " << p.description << "\n";
    return 0;
  }
  const std::string text = preset.empty() ? starter_config() : starter_config(preset);
  if (path.empty()) {
    out << text;
    return 0;
  }
  if (std::filesystem::exists(path) && !force) throw UsageError(path + " already exists; use --force to overwrite it");
  std::ofstream f(path, std::ios::binary);
  if (!(f << text)) throw Error(ExitCode::internal, path + ": cannot write");
  out << "wrote " << path << "\n";
  return 0;
}

namespace {
/// `history show RUN [--user NAME] [--action KIND] [--show all|N|none]`: a past run's changes.
int history_show(const Args& args, std::ostream& out) {
  CommonOptions opts;
  std::string now_text, show = "all";
  std::int64_t run = 0;
  HistoryStore::ResultFilter filter;
  auto options = common_options(opts, now_text);
  options.add_options()("run", po::value(&run)->value_name("RUN"), "the run to show")(
      "user", po::value(&filter.username)->value_name("NAME"), "only this user")(
      "action", po::value(&filter.action)->value_name("KIND"),
      "only users with this action (create, update, deactivate, reactivate, delete, unchanged, skipped, error)")(
      "show", po::value(&show)->value_name("all|N|none"), "list all users (the default), the first N, or none");
  po::positional_options_description positional;
  positional.add("run", 1);
  if (!parse_command("history show", "--config FILE RUN [--user NAME] [--action KIND]", options, positional, args,
                     out))
    return 0;
  finish_common(opts, now_text);
  if (run <= 0) throw UsageError("history show needs the run id; see usersync history");
  const auto& actions = all_actions();
  if (!filter.action.empty() && std::find(actions.begin(), actions.end(), filter.action) == actions.end())
    throw UsageError("--action " + filter.action +
                     ": not an action; one of create, update, deactivate, reactivate, delete, unchanged, skipped, "
                     "error");
  auto limit = ShowLimit::parse(show);
  auto cfg = load_config(opts.config);
  Database db(opts.db.empty() ? cfg.database : opts.db);
  auto info = HistoryStore(db).find(run);
  if (!info) throw UsageError("there is no run " + std::to_string(run) + "; see usersync history");
  out << "run " << info->id << ": " << info->mode << ", " << info->status << " at " << info->run_at << "\n";
  print_plan_view(out, db, run, filter, limit, use_colour(out), false, opts.config);
  return 0;
}
}  // namespace

int cmd_history(const Args& args, std::ostream& out) {
  if (!args.empty() && args[0] == "show") return history_show(Args(args.begin() + 1, args.end()), out);
  CommonOptions opts;
  std::string now_text;
  int limit = 20;
  auto options = common_options(opts, now_text);
  options.add_options()("limit,n", po::value(&limit)->value_name("N"), "show the newest N runs (default 20)");
  if (!parse_command("history", "--config FILE [--limit N]", options, {}, args, out)) return 0;
  finish_common(opts, now_text);
  auto cfg = load_config(opts.config);
  Database db(opts.db.empty() ? cfg.database : opts.db);
  print_history(out, HistoryStore(db).list(limit), opts.json);
  return 0;
}

int cmd_report(const Args& args, std::ostream& out) {
  CommonOptions opts;
  std::string now_text;
  std::int64_t run = 0;
  std::string formats;
  auto options = common_options(opts, now_text);
  options.add_options()("run", po::value(&run)->value_name("RUN"), "the run to report")(
      "out,o", po::value(&opts.report_dir)->value_name("DIR"), "write into DIR")(
      "formats", po::value(&formats)->value_name("LIST"),
      "json,xlsx,html: the formats to write (default: the config's report_formats)");
  po::positional_options_description positional;
  positional.add("run", 1);
  if (!parse_command("report", "--config FILE RUN [--out DIR] [--formats LIST]", options, positional, args, out))
    return 0;
  finish_common(opts, now_text);
  if (run <= 0) throw UsageError("report needs the run id; see usersync history");
  auto cfg = load_config(opts.config);
  if (!formats.empty()) {
    cfg.report_formats = split_list(formats, ",");
    if (auto error = report_formats_error(cfg.report_formats)) throw UsageError("--formats: " + *error);
  }
  auto db_path = opts.db.empty() ? cfg.database : opts.db;
  Database db(db_path);
  HistoryStore history(db);
  auto info = history.find(run);
  if (!info) throw UsageError("there is no run " + std::to_string(run) + "; see usersync history");
  auto where = "run " + std::to_string(run);
  auto summary = summary_from_json(history.summary(run), where);
  summary.users_not_listed = info->routine;
  // A run that went through carried out (or planned) its plan's changes: write them again too,
  // as does a push that stopped part-way (its outcomes say what reached the target). A plan's
  // report shows the plan as planned, whatever a later apply made of it.
  std::optional<StoredPlan> plan;
  bool carried_out = info->status != "refused" && info->status != "failed";
  if (info->plan_id && (carried_out || !summary.outcomes.empty())) plan = PlanStore(db).load(info->plan_id);
  RunChanges changes;
  std::string bulk;
  changes.default_outcome = "not applied";
  if (plan) {
    bulk = scim_bulk_request(plan->changes).json;
    bool planned = info->mode == "plan";
    changes = RunChanges{&plan->changes, planned ? std::vector<std::string>{} : plan->outcomes,
                         planned ? "planned" : "applied", &bulk};
  }
  ReportWriter writer(report_folder(opts.report_dir, cfg, db_path, run), report_formats(cfg));
  writer.begin(summary);
  // One stored line at a time: a run of a million users is never read whole.
  HistoryStore::ResultFilter everyone;
  everyone.everyone = true;
  history.each_result(run, everyone, [&](const UserLine& l) {
    writer.user_from_line(l.line, where + ", user " + l.username);
    return true;
  });
  writer.end(summary, changes);
  auto files = writer.publish();
  if (opts.quiet) return 0;
  if (info->routine)
    out << info->routine << (info->routine == 1 ? " user" : " users")
        << " simply in sync: counted in summary.json, not listed (history keeps no line for them"
        << (info->mode == "apply" ? ")\n" : "; the run's own users.jsonl lists them)\n");
  out << "reports: " << files.summary.string() << "\n         " << files.users.string() << "\n";
  if (!files.changes.empty()) out << "         " << files.changes.string() << "\n";
  if (!files.changes_scim.empty()) out << "         " << files.changes_scim.string() << "\n";
  if (!files.audit.empty()) out << "         " << files.audit.string() << "\n";
  if (!files.html.empty()) out << "         " << files.html.string() << "\n";
  return 0;
}

}  // namespace usersync
