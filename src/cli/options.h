#pragma once
// Command-line options shared by the commands, parsed with Boost.Program_options.
#include <boost/program_options.hpp>
#include <optional>
#include <string>
#include <vector>

#include "model/timestamp.h"

namespace usersync {

namespace po = boost::program_options;

struct CommonOptions {
  std::string config;
  std::string db;          // overrides the config's database
  std::string report_dir;  // reports go straight into this folder
  std::optional<Timestamp> now;
  bool quiet = false;
  bool json = false;

  Timestamp clock() const { return now ? *now : Timestamp::system_now(); }
};

/// The options every config-reading command takes.
po::options_description common_options(CommonOptions& out, std::string& now_text);

/// Parses `args` (without the program and command names). Returns nullopt and prints help when
/// --help was given. Throws UsageError for anything it cannot read.
std::optional<po::variables_map> parse_command(const std::string& command, const std::string& synopsis,
                                               const po::options_description& options,
                                               const po::positional_options_description& positional,
                                               const std::vector<std::string>& args, std::ostream& out);

/// Checks --config was given and turns --now into a Timestamp.
void finish_common(CommonOptions& opts, const std::string& now_text, bool config_required = true);

}  // namespace usersync
