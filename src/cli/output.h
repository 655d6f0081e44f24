#pragma once
// What the commands print: a short human summary, or JSON with --json.
#include <ostream>
#include <string>
#include <vector>

#include "config/config.h"
#include "reports/report_files.h"
#include "reports/summary.h"
#include "run/run.h"
#include "store/history_store.h"

namespace usersync {

void print_run(std::ostream& out, const RunSummary& summary, const ReportFiles& files, bool json);
void print_import(std::ostream& out, const Config& cfg, const RunOutcome& outcome, bool json);
void print_validation(std::ostream& out, const Config& cfg, const std::string& database, const RunOutcome& outcome,
                      bool json);
/// On stderr: `usersync: warning:` for what a partial run held back (the first few located),
/// `usersync: error:` for a run that did not go through.
void print_problems(std::ostream& err, const RunOutcome& outcome);
void print_history(std::ostream& out, const std::vector<RunInfo>& runs, bool json);
std::string json_quote(const std::string& text);

}  // namespace usersync
