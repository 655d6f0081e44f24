#pragma once
// What the commands print: a short human summary, or JSON with --json.
#include <ostream>
#include <string>
#include <vector>

#include "reports/report_files.h"
#include "reports/summary.h"
#include "store/history_store.h"

namespace usersync {

void print_run(std::ostream& out, const RunSummary& summary, const ReportFiles& files, bool json);
void print_history(std::ostream& out, const std::vector<RunInfo>& runs, bool json);
std::string json_quote(const std::string& text);

}  // namespace usersync
