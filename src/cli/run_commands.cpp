// import, validate, plan, apply and sync: parse the options, call the run layer, print the
// outcome and turn it into the exit code.
#include <iostream>

#include "cli/commands.h"
#include "cli/options.h"
#include "cli/output.h"
#include "cli/plan_view.h"
#include "cli/progress_line.h"
#include "config/show_config.h"
#include "run/run.h"

namespace usersync {

namespace {

struct Command {
  CommonOptions opts;
  Config cfg;
  RunOptions run;
  std::string show = "20";
};

/// --show for the commands that end with a plan: how many changed users to list after the summary.
po::options_description show_option(Command& c) {
  po::options_description d("Output");
  d.add_options()("show", po::value(&c.show)->value_name("all|N|none"),
                  "list the changes of the first N users after the summary (default 20; all; none)");
  return d;
}

/// The summary, then the users who change (not with --json, whose output is the summary).
void print_result(std::ostream& out, const Command& c, const RunOutcome& outcome) {
  if (c.opts.quiet || !outcome.summary || !outcome.reports) return;
  print_run(out, *outcome.summary, *outcome.reports, c.opts.json);
  if (c.opts.json || !outcome.summary->run_id) return;
  Database db(c.run.database);
  print_plan_view(out, db, outcome.summary->run_id, {}, ShowLimit::parse(c.show), use_colour(out), true, c.opts.config);
}

/// Options of the commands that take the database for writing.
po::options_description wait_option(RunOptions& run) {
  po::options_description d("Locking");
  d.add_options()("wait", po::value(&run.wait_seconds)->value_name("SECONDS"),
                  "wait this long for another usersync run to finish (default 30), then exit 7");
  return d;
}

/// Per-run switches, the guard override and --strict, for validate, plan and sync.
po::options_description safety_options(RunOptions& run) {
  po::options_description d("Safety");
  d.add_options()("allow-mass-changes", po::bool_switch(&run.allow_mass_changes),
                  "override the deprovisioning threshold and the empty/shrunken-source guards for a reviewed run")(
      "strict", po::bool_switch(&run.strict), "any per-user error refuses the whole run (exit 3, nothing changed)")(
      "no-create", po::bool_switch(&run.no_create), "create no users")(
      "no-update", po::bool_switch(&run.no_update), "change no attributes, usernames or memberships")(
      "no-deactivate", po::bool_switch(&run.no_deactivate), "deactivate nobody")(
      "no-delete", po::bool_switch(&run.no_delete), "delete nobody")(
      "upsert-only", po::bool_switch(&run.upsert_only), "create and update only: --no-deactivate --no-delete");
  return d;
}

/// Fills `c` from the command line and the config; false when --help was given.
bool parse(const std::string& name, const std::string& synopsis, const Args& args, std::ostream& out, Command& c,
           const po::options_description& extra) {
  std::string now_text;
  auto options = common_options(c.opts, now_text);
  options.add(extra);
  if (!parse_command(name, synopsis, options, {}, args, out)) return false;
  finish_common(c.opts, now_text);
  if (c.run.wait_seconds < 0) throw UsageError("--wait needs a number of seconds, 0 or more");
  c.cfg = load_config(c.opts.config);
  c.run.database = c.opts.db.empty() ? c.cfg.database : c.opts.db;
  c.run.report_dir = c.opts.report_dir;
  c.run.now = c.opts.clock();
  return true;
}

/// The exit code of an outcome, after printing its error or warnings on stderr.
int finish(const RunOutcome& outcome) {
  print_problems(std::cerr, outcome);
  return static_cast<int>(outcome.code);
}

int plan_or_sync(const std::string& mode, const Args& args, std::ostream& out) {
  Command c;
  po::options_description extra;
  extra.add(safety_options(c.run)).add(wait_option(c.run)).add(show_option(c));
  if (!parse(mode, "--config FILE [options]", args, out, c, extra)) return 0;
  ShowLimit::parse(c.show);  // a bad --show is a usage error before anything runs
  auto outcome = [&] {
    ProgressLine progress(std::cerr, c.opts.quiet);
    return run_plan(c.cfg, c.run, mode);
  }();
  print_result(out, c, outcome);
  return finish(outcome);
}

}  // namespace

int cmd_plan(const Args& args, std::ostream& out) { return plan_or_sync("plan", args, out); }
int cmd_sync(const Args& args, std::ostream& out) { return plan_or_sync("sync", args, out); }

int cmd_apply(const Args& args, std::ostream& out) {
  Command c;
  po::options_description extra("Apply");
  extra.add_options()("plan", po::value(&c.run.plan_id)->value_name("ID"), "apply this plan (default: the newest)");
  extra.add(wait_option(c.run)).add(show_option(c));
  if (!parse("apply", "--config FILE [--plan ID] [options]", args, out, c, extra)) return 0;
  ShowLimit::parse(c.show);
  auto outcome = [&] {
    ProgressLine progress(std::cerr, c.opts.quiet);
    return run_apply(c.cfg, c.run);
  }();
  print_result(out, c, outcome);
  return finish(outcome);
}

int cmd_import(const Args& args, std::ostream& out) {
  Command c;
  po::options_description extra("Import");
  extra.add_options()("source", po::value(&c.run.only_source)->value_name("NAME"), "import only this source")(
      "allow-mass-changes", po::bool_switch(&c.run.allow_mass_changes), "accept an empty or shrunken source");
  extra.add(wait_option(c.run));
  if (!parse("import", "--config FILE [--source NAME] [options]", args, out, c, extra)) return 0;
  auto outcome = [&] {
    ProgressLine progress(std::cerr, c.opts.quiet);
    return run_import(c.cfg, c.run);
  }();
  if (!c.opts.quiet && outcome.code == ExitCode::ok) print_import(out, c.cfg, outcome, c.opts.json);
  return finish(outcome);
}

int cmd_validate(const Args& args, std::ostream& out) {
  Command c;
  bool show = false;
  po::options_description extra("Validate");
  extra.add_options()("show-config", po::bool_switch(&show), "print every setting with where it came from");
  extra.add(safety_options(c.run)).add(wait_option(c.run));
  if (!parse("validate", "--config FILE [--show-config] [options]", args, out, c, extra)) return 0;
  if (show) out << show_config(c.cfg) << "\n";
  auto outcome = run_validate(c.cfg, c.run);
  // A summary means validate went through every step and has a verdict to show.
  if (!c.opts.quiet && outcome.summary) print_validation(out, c.cfg, c.run.database, outcome, c.opts.json);
  return finish(outcome);
}

}  // namespace usersync
