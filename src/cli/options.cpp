#include "options.h"

#include <iostream>

#include "model/errors.h"

namespace usersync {

po::options_description common_options(CommonOptions& out, std::string& now_text) {
  po::options_description d("Options");
  d.add_options()("config,c", po::value(&out.config)->value_name("FILE"), "the TOML config (see usersync init)")(
      "db", po::value(&out.db)->value_name("FILE"), "state database; overrides the config's 'database'")(
      "now", po::value(&now_text)->value_name("ISO-8601"), "the clock of this run (default: the real time)")(
      "report-dir", po::value(&out.report_dir)->value_name("DIR"),
      "write reports into DIR (default: a folder per run)")("quiet,q", po::bool_switch(&out.quiet),
                                                            "print only errors")(
      "json", po::bool_switch(&out.json), "machine-readable output on stdout")("help,h", "show this help");
  return d;
}

std::optional<po::variables_map> parse_command(const std::string& command, const std::string& synopsis,
                                               const po::options_description& options,
                                               const po::positional_options_description& positional,
                                               const std::vector<std::string>& args, std::ostream& out) {
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(options).positional(positional).run(), vm);
    if (vm.count("help")) {
      out << "usage: usersync " << command << " " << synopsis << "\n\n" << options << "\n";
      return std::nullopt;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(command + ": " + e.what() + "\nsee: usersync " + command + " --help");
  }
  return vm;
}

void finish_common(CommonOptions& opts, const std::string& now_text, bool config_required) {
  if (config_required && opts.config.empty()) throw UsageError("--config FILE is required");
  if (!now_text.empty()) {
    opts.now = Timestamp::parse(now_text);
    if (!opts.now)
      throw UsageError("--now '" + now_text + "' is not an ISO 8601 time; expected e.g. 2026-11-22T09:00:00Z");
  }
}

}  // namespace usersync
