// usersync sheet export --out FILE | sheet import FILE [--by NAME]
// usersync corrections list [--all] | drop ID | keep ID
#include <SQLiteCpp/Transaction.h>

#include <cstdlib>
#include <filesystem>
#include <iomanip>

#include "cli/commands.h"
#include "cli/options.h"
#include "cli/output.h"
#include "config/config.h"
#include "model/text.h"
#include "run/run_lock.h"
#include "run/sheet_export.h"
#include "run/sheet_import.h"
#include "store/correction_store.h"

namespace usersync {

namespace {
/// Who made the edits: --by, else the login name the environment gives.
std::string editor(const std::string& by) {
  if (!by.empty()) return by;
  for (const char* v : {"USERSYNC_BY", "USER", "LOGNAME"})
    if (const char* name = std::getenv(v); name && *name) return name;
  return "unknown";
}

std::string shown(const std::optional<std::string>& v) { return v ? "'" + *v + "'" : "-"; }
}  // namespace

int cmd_sheet(const Args& args, std::ostream& out) {
  CommonOptions opts;
  std::string now_text, action, file, out_path, by;
  auto options = common_options(opts, now_text);
  options.add_options()("action", po::value(&action)->value_name("ACTION"), "export or import")(
      "file", po::value(&file)->value_name("FILE"), "import: the edited workbook (.xlsx) or a CSV of its Users sheet")(
      "out", po::value(&out_path)->value_name("FILE"), "export: where to write the workbook (.xlsx)")(
      "by", po::value(&by)->value_name("NAME"), "import: who made the edits (default: $USERSYNC_BY, $USER)");
  po::positional_options_description positional;
  positional.add("action", 1).add("file", 1);
  if (!parse_command("sheet", "export --out FILE --config FILE | import FILE --config FILE [--by NAME]", options,
                     positional, args, out))
    return 0;
  finish_common(opts, now_text);
  if (action != "export" && action != "import")
    throw UsageError("sheet: unknown action '" + action + "'; expected export or import");
  if (action == "export" && out_path.empty()) throw UsageError("sheet export needs --out FILE (the workbook to write)");
  if (action == "import" && file.empty()) throw UsageError("sheet import needs the FILE to read");
  auto cfg = load_config(opts.config);
  const auto db_path = opts.db.empty() ? cfg.database : opts.db;
  RunLock lock(db_path, "sheet " + action, 30.0);
  Database db(db_path);
  SQLite::Transaction tx(db.sql());
  if (action == "export") {
    // The workbook takes its place only once the export is recorded: never a workbook whose
    // export the database does not know.
    const std::string staged = out_path + ".partial";
    SheetExportResult r;
    try {
      r = export_sheet(db, cfg, staged, opts.clock());
      tx.commit();
      std::filesystem::rename(staged, out_path);
    } catch (...) {
      std::error_code ec;
      std::filesystem::remove(staged, ec);
      throw;
    }
    if (!opts.quiet)
      out << "exported " << r.users << " users, " << r.groups << " groups and " << r.corrections
          << " corrections in force to " << out_path << " (export " << r.export_id << ")\n"
          << "edit it, then: usersync sheet import --config " << opts.config << " " << out_path << "\n";
    return 0;
  }
  auto r = import_sheet(db, cfg, file, editor(by), opts.clock());
  tx.commit();
  if (!opts.quiet) {
    auto n = r.ids.size();
    out << (n == 0 ? std::string("0 corrections") : std::to_string(n) + (n == 1 ? " correction" : " corrections"))
        << (n ? " recorded" : " (no cell differs from export " + std::to_string(r.export_id) + ")");
    if (n) out << " (ids " << r.ids.front() << (n > 1 ? "-" + std::to_string(r.ids.back()) : "") << ")";
    out << "\n";
    if (n) out << "they apply from the next plan; see: usersync corrections list --config " << opts.config << "\n";
  }
  return 0;
}

int cmd_corrections(const Args& args, std::ostream& out) {
  CommonOptions opts;
  std::string now_text, action;
  std::int64_t id = 0;
  bool all = false;
  auto options = common_options(opts, now_text);
  options.add_options()("action", po::value(&action)->value_name("ACTION"), "list, drop or keep")(
      "id", po::value(&id)->value_name("ID"), "the correction to drop or keep")(
      "all", po::bool_switch(&all), "list: also dropped and replaced corrections");
  po::positional_options_description positional;
  positional.add("action", 1).add("id", 1);
  if (!parse_command("corrections", "list [--all] | drop ID | keep ID --config FILE", options, positional, args, out))
    return 0;
  finish_common(opts, now_text);
  if (action.empty()) action = "list";
  if (action != "list" && action != "drop" && action != "keep")
    throw UsageError("corrections: unknown action '" + action + "'; expected list, drop or keep");
  if (action != "list" && id <= 0) throw UsageError("corrections " + action + " needs the correction's ID");
  auto cfg = load_config(opts.config);
  const auto db_path = opts.db.empty() ? cfg.database : opts.db;
  std::optional<RunLock> lock;
  if (action != "list") lock.emplace(db_path, "corrections " + action, 30.0);
  Database db(db_path);
  CorrectionStore store(db);
  auto now = opts.clock();
  if (action == "list") {
    auto list = store.list(all);
    if (opts.json) {
      out << "[";
      for (std::size_t i = 0; i < list.size(); ++i) {
        const auto& c = list[i];
        out << (i ? ", " : "") << "{\"id\": " << c.id << ", \"user\": " << json_quote(c.username)
            << ", \"kind\": " << json_quote(std::string(to_string(c.kind))) << ", \"attribute\": "
            << json_quote(c.attribute) << ", \"value\": " << json_quote(c.value) << ", \"state\": " << json_quote(c.state)
            << "}";
      }
      out << "]\n";
      return 0;
    }
    if (list.empty()) {
      out << (all ? "no corrections\n" : "no corrections in force\n");
      return 0;
    }
    out << std::left << std::setw(6) << "id" << std::setw(20) << "user" << std::setw(14) << "kind" << std::setw(16)
        << "attribute" << std::setw(10) << "state" << "change\n";
    for (const auto& c : list) {
      auto expired = !c.expires.empty() && Timestamp::parse(c.expires) && *Timestamp::parse(c.expires) <= now;
      std::string state = expired && (c.state == "active" || c.state == "conflict") ? "expired" : c.state;
      out << std::left << std::setw(6) << c.id << std::setw(20) << c.username << std::setw(14) << to_string(c.kind)
          << std::setw(16) << c.attribute << std::setw(10) << state << shown(c.exported) << " -> '" << c.value << "'"
          << "  by " << c.by << " at " << c.created_at << (c.expires.empty() ? "" : " until " + c.expires)
          << (c.note.empty() ? "" : "  (" + c.note + ")") << "\n";
      if (c.state == "conflict")
        out << "      the sources said " << shown(c.baseline) << " at the export and say " << shown(c.source_now)
            << " now: keep " << c.id << " to let the correction win, drop " << c.id << " to follow the sources\n";
    }
    return 0;
  }
  SQLite::Transaction tx(db.sql());
  auto c = store.find(id);
  if (!c) throw UsageError("there is no correction " + std::to_string(id) + "; see usersync corrections list");
  if (c->state != "active" && c->state != "conflict")
    throw UsageError("correction " + std::to_string(id) + " is " + c->state + "; only one in force can be decided on");
  if (action == "keep" && c->state != "conflict")
    throw UsageError("correction " + std::to_string(id) + " is not in conflict; keep decides a conflict");
  if (action == "drop")
    store.drop(id, now);
  else
    store.keep(id, now);
  tx.commit();
  if (!opts.quiet)
    out << (action == "drop" ? "dropped correction " + std::to_string(id) + "; the sources decide that value again\n"
                             : "kept correction " + std::to_string(id) + "; it wins over the sources' new value\n");
  return 0;
}

}  // namespace usersync
