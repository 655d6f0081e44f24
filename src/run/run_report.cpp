#include "run_report.h"

#include <algorithm>
#include <cstdio>

#include "progress.h"
#include "reports/user_results.h"

namespace usersync {

std::filesystem::path report_folder(const std::string& report_dir, const Config& cfg, const std::string& db_path,
                                    std::int64_t run_id) {
  if (!report_dir.empty()) return report_dir;
  char name[32];
  std::snprintf(name, sizeof name, "run-%06lld", static_cast<long long>(run_id));
  if (!cfg.report_dir.empty()) return std::filesystem::path(cfg.report_dir) / name;
  return std::filesystem::absolute(db_path).parent_path() / "reports" / name;
}

ReportFormats report_formats(const Config& cfg) {
  auto has = [&](const char* f) {
    return std::find(cfg.report_formats.begin(), cfg.report_formats.end(), f) != cfg.report_formats.end();
  };
  return ReportFormats{has("xlsx"), has("html")};
}

bool is_routine(const UserResult& r) {
  return r.action == "unchanged" && r.reasons.size() == 1 && r.reasons.front() == "in_sync" && r.policies.empty() &&
         r.errors.empty() && r.corrections.empty() && r.group_corrections.empty();
}

std::vector<UserLine> user_lines(std::vector<UserResult>&& results, ReportSink* reports,
                                 std::int64_t* routine_dropped) {
  std::vector<UserLine> lines;
  std::size_t done = 0;
  for (auto& r : results) {
    std::string line = user_result_line(r);  // before the moves below empty the fields it reads
    if (reports) reports->user(r, line);
    if ((++done & 0x3FF) == 0) progress("writing results", static_cast<std::int64_t>(done));
    bool routine = is_routine(r);
    if (routine && routine_dropped)
      ++*routine_dropped;
    else
      lines.push_back({std::move(r.username), std::move(r.action), std::move(line), routine});
    r = UserResult{};
  }
  progress("writing results", static_cast<std::int64_t>(done), true);
  results.clear();
  results.shrink_to_fit();
  return lines;
}

std::unique_ptr<ReportWriter> open_reports(const std::string& report_dir, const Config& cfg, const std::string& db_path,
                                           const RunSummary& summary) {
  try {
    auto writer =
        std::make_unique<ReportWriter>(report_folder(report_dir, cfg, db_path, summary.run_id), report_formats(cfg));
    writer->begin(summary);
    return writer;
  } catch (const std::exception&) {
    return nullptr;  // tried again once the run is committed, where a failure is only a warning
  }
}

void record_run(HistoryStore& history, const RunSummary& summary, const std::vector<UserLine>& lines,
                std::int64_t routine_elsewhere) {
  history.add_results(summary.run_id, lines);
  auto routine = routine_elsewhere + std::count_if(lines.begin(), lines.end(), [](const auto& l) { return l.routine; });
  history.finish_run(summary.run_id, summary.status, summary.plan_id, counts_json(summary.changes),
                     summary_json(summary), routine);
}

}  // namespace usersync
