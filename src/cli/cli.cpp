#include <SQLiteCpp/Exception.h>
#include <sys/stat.h>

#include <algorithm>
#include <iostream>

#include "cli/commands.h"
#include "model/errors.h"
#include "model/text.h"

namespace usersync {

const std::vector<CommandInfo>& command_table() {
  static const std::vector<CommandInfo> table{
      {"init", "write a fully commented starter config", &cmd_init},
      {"validate", "check the config and every input it names; change nothing", &cmd_validate},
      {"import", "read the sources (and the directory export) into the staging model", &cmd_import},
      {"plan", "import, compute and store a plan, write reports; change no directory", &cmd_plan},
      {"apply", "apply the newest (or --plan ID) stored plan, if the directory has not changed", &cmd_apply},
      {"sync", "import, plan and apply in one run", &cmd_sync},
      {"history", "list runs, newest first; history show RUN: a run's changes per user", &cmd_history},
      {"report", "write a past run's reports again (every format)", &cmd_report},
      {"conflicts", "list group-name conflicts; accept or reject them", &cmd_conflicts},
      {"sheet", "export the desired state as a workbook to correct; import the edits", &cmd_sheet},
      {"corrections", "list manual corrections; drop them, or keep them over a changed source", &cmd_corrections},
  };
  return table;
}

namespace {
void usage(std::ostream& out) {
  out << "usage: usersync <command> [options]\n\nCommands:\n";
  std::size_t width = 0;
  for (const auto& c : command_table()) width = std::max(width, std::string(c.name).size() + 2);
  for (const auto& c : command_table())
    out << "  " << c.name << std::string(width - std::string(c.name).size(), ' ') << c.help << "\n";
  out << "\nRun 'usersync <command> --help' for a command's options.\n"
         "Exit codes:\n"
         "  0    everything planned was applied (plan: nothing is held back)\n"
         "  1    internal failure\n"
         "  2    usage or config error (also: a SCIM target refused the credentials)\n"
         "  3    bad input (or --strict and a per-user error); nothing changed\n"
         "  4    refused by a safety guard; nothing changed\n"
         "  5    stale plan; nothing changed\n"
         "  6    partly done: changes were applied (or planned) but some users, groups or changes\n"
         "       were held back (per-user errors, pending group conflicts, changes a target\n"
         "       rejected); see the warnings\n"
         "  7    busy: another usersync run holds the database (--wait SECONDS)\n"
         "  8    the target was unreachable or kept failing after every retry; what it took\n"
         "       before is recorded; try again later\n"
         "  130  interrupted by SIGINT before the commit; nothing changed (143: SIGTERM; during a\n"
         "       push to a remote target, what was sent is recorded)\n";
}
}  // namespace

int run_cli(int argc, char** argv, std::ostream& out, std::ostream& err) {
  // The database, its WAL files, the lock and the reports hold people's data: readable by the
  // owner only (0600 files, 0700 folders), whatever umask the scheduler runs us with.
  ::umask(077);
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    usage(args.empty() ? err : out);
    return args.empty() ? static_cast<int>(ExitCode::usage) : 0;
  }
  if (args[0] == "--version") {
    out << "usersync " << USERSYNC_VERSION << "\n";
    return 0;
  }
  const CommandInfo* command = nullptr;
  std::vector<std::string> names;
  for (const auto& c : command_table()) {
    names.emplace_back(c.name);
    if (args[0] == c.name) command = &c;
  }
  try {
    if (!command) {
      auto hint = closest_match(args[0], names);
      throw UsageError("unknown command '" + args[0] + "'" + (hint ? "; did you mean '" + *hint + "'?" : "") +
                       "\nsee: usersync --help");
    }
    return command->run({args.begin() + 1, args.end()}, out);
  } catch (const Error& e) {
    err << "usersync: error: " << e.what() << "\n";
    return static_cast<int>(e.code());
  } catch (const SQLite::Exception& e) {
    err << "usersync: error: database: " << e.what() << "\n";
    return static_cast<int>(ExitCode::internal);
  } catch (const std::exception& e) {
    err << "usersync: error: internal: " << e.what() << "\n";
    return static_cast<int>(ExitCode::internal);
  }
}

}  // namespace usersync
