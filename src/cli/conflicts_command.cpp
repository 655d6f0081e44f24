// usersync conflicts list | accept GROUP | accept --all | reject GROUP
#include <SQLiteCpp/Transaction.h>

#include <iomanip>

#include "cli/commands.h"
#include "cli/options.h"
#include "cli/output.h"
#include "config/config.h"
#include "model/text.h"
#include "run/run_lock.h"
#include "store/conflict_store.h"

namespace usersync {

int cmd_conflicts(const Args& args, std::ostream& out) {
  CommonOptions opts;
  std::string now_text, action, group;
  bool all = false;
  auto options = common_options(opts, now_text);
  options.add_options()("action", po::value(&action)->value_name("ACTION"), "list, accept or reject")(
      "group", po::value(&group)->value_name("GROUP"), "the group to decide on")(
      "all", po::bool_switch(&all), "with accept or reject: every pending conflict");
  po::positional_options_description positional;
  positional.add("action", 1).add("group", 1);
  if (!parse_command("conflicts", "list | accept GROUP | accept --all | reject GROUP [--all] --config FILE", options,
                     positional, args, out))
    return 0;
  finish_common(opts, now_text);
  if (action.empty()) action = "list";
  if (action != "list" && action != "accept" && action != "reject")
    throw UsageError("conflicts: unknown action '" + action + "'; expected list, accept or reject");
  if (action != "list" && group.empty() && !all) throw UsageError("conflicts " + action + " needs a GROUP or --all");
  auto cfg = load_config(opts.config);
  const auto db_path = opts.db.empty() ? cfg.database : opts.db;
  // Deciding writes, so it waits its turn like a run; listing only reads and never waits.
  std::optional<RunLock> lock;
  if (action != "list") lock.emplace(db_path, "conflicts " + action, 30.0);
  Database db(db_path);
  ConflictStore store(db);
  if (action == "list") {
    auto list = store.list();
    if (opts.json) {
      out << "[";
      for (std::size_t i = 0; i < list.size(); ++i)
        out << (i ? ", " : "") << "{\"group\": " << json_quote(list[i].name)
            << ", \"status\": " << json_quote(list[i].status) << ", \"would_add\": " << list[i].would_add.size()
            << ", \"would_remove\": " << list[i].would_remove.size() << "}";
      out << "]\n";
      return 0;
    }
    if (list.empty()) {
      out << "no group conflicts\n";
      return 0;
    }
    out << std::left << std::setw(28) << "group" << std::setw(10) << "status" << std::right << std::setw(8) << "add"
        << std::setw(8) << "remove"
        << "  first seen\n";
    for (const auto& c : list) {
      out << std::left << std::setw(28) << c.name << std::setw(10) << c.status << std::right << std::setw(8)
          << c.would_add.size() << std::setw(8) << c.would_remove.size() << "  " << c.first_seen << "\n";
      if (c.status != "pending") continue;
      if (!c.would_add.empty()) out << "    would add: " << join(c.would_add, ", ") << "\n";
      if (!c.would_remove.empty()) out << "    would remove: " << join(c.would_remove, ", ") << "\n";
    }
    return 0;
  }
  SQLite::Transaction tx(db.sql());
  std::string status = action == "accept" ? "accepted" : "rejected";
  int changed = store.decide(all ? "" : group, status, opts.clock());
  if (changed == 0) {
    if (all) throw UsageError("there are no pending group conflicts");
    throw UsageError("there is no group conflict named '" + group + "'; see usersync conflicts list");
  }
  tx.commit();
  if (!opts.quiet)
    out << status << " " << (all ? std::to_string(changed) + " conflict(s)" : "'" + group + "'")
        << (status == "accepted" ? "; the next plan syncs it from the sources\n" : "; sources will never change it\n");
  return 0;
}

}  // namespace usersync
