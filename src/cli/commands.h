#pragma once
// One function per command: each parses its own options and returns the exit code.
#include <ostream>
#include <string>
#include <vector>

namespace usersync {

using Args = std::vector<std::string>;

int cmd_init(const Args& args, std::ostream& out);
int cmd_validate(const Args& args, std::ostream& out);
int cmd_import(const Args& args, std::ostream& out);
int cmd_plan(const Args& args, std::ostream& out);
int cmd_apply(const Args& args, std::ostream& out);
int cmd_sync(const Args& args, std::ostream& out);
int cmd_history(const Args& args, std::ostream& out);
int cmd_report(const Args& args, std::ostream& out);
int cmd_conflicts(const Args& args, std::ostream& out);
int cmd_sheet(const Args& args, std::ostream& out);
int cmd_corrections(const Args& args, std::ostream& out);

/// The command table: name, one-line help, function.
struct CommandInfo {
  const char* name;
  const char* help;
  int (*run)(const Args&, std::ostream&);
};
const std::vector<CommandInfo>& command_table();

/// Runs the whole command line; catches every error and returns the exit code.
int run_cli(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace usersync
