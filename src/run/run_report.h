#pragma once
// Where a run's reports go, and how a finished run is recorded in history.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "config/config.h"
#include "model/plan.h"
#include "reports/report_files.h"
#include "reports/summary.h"
#include "store/history_store.h"

namespace usersync {

/// `report_dir` when given; else the config's report_dir/run-NNNNNN; else reports/run-NNNNNN
/// beside the database.
std::filesystem::path report_folder(const std::string& report_dir, const Config& cfg, const std::string& db_path,
                                    std::int64_t run_id);

/// The formats `cfg` asks for (report_formats).
ReportFormats report_formats(const Config& cfg);

/// A user who is unchanged and in sync with nothing else to say (no policy, error or correction):
/// counted in history, not kept there.
bool is_routine(const UserResult& result);

/// The users.jsonl lines of `results`, which are released one by one as they are written, so a
/// large plan is not held twice; each result is fed to `reports` (when given) on the way. With
/// `routine_dropped`, routine lines are not kept either, only counted there: what the reports
/// needed of them they have had.
std::vector<UserLine> user_lines(std::vector<UserResult>&& results, ReportSink* reports = nullptr,
                                 std::int64_t* routine_dropped = nullptr);

/// The run's report writer, begun with `summary`; nullptr when the folder cannot be made (the run
/// still goes through and says so, as for any report that cannot be written).
std::unique_ptr<ReportWriter> open_reports(const std::string& report_dir, const Config& cfg, const std::string& db_path,
                                           const RunSummary& summary);

/// Stores the summary and user lines in history (inside the caller's transaction): every line but
/// the routine ones, which are counted with `routine_elsewhere` (those not among `lines`).
/// summary.json is written by the report pipeline from the same summary, so both hold the same bytes.
void record_run(HistoryStore& history, const RunSummary& summary, const std::vector<UserLine>& lines,
                std::int64_t routine_elsewhere = 0);

}  // namespace usersync
