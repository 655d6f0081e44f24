#pragma once
// A run's report folder: every format fed from one pass over the results (report_sink.h). The
// files are written into a hidden folder beside it and moved into place when complete, so a
// report folder that exists is a whole report.
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "report_sink.h"

namespace usersync {

struct ReportFiles {
  std::filesystem::path summary;
  std::filesystem::path users;
  std::filesystem::path changes;       // changes.csv; empty when the run has no plan to carry out
  std::filesystem::path changes_scim;  // changes.scim.json, beside changes.csv
  std::filesystem::path audit;         // audit.xlsx
  std::filesystem::path html;          // report.html
};

/// The formats written besides the JSON ones (summary.json, users.jsonl, changes.csv,
/// changes.scim.json), which every report has.
struct ReportFormats {
  bool xlsx = true;  // audit.xlsx
  bool html = true;  // report.html
};

/// The sinks of every format, writing into a staging folder beside `dir`. A sink that fails keeps
/// its error until `publish`: a run whose reports cannot be written still goes through (and says
/// so), since the run's record in history can always render them again (`usersync report`).
class ReportWriter : public ReportSink {
 public:
  explicit ReportWriter(std::filesystem::path dir, ReportFormats formats = {});
  ~ReportWriter() override;  // removes the staging folder unless published
  ReportWriter(const ReportWriter&) = delete;
  ReportWriter& operator=(const ReportWriter&) = delete;

  void begin(const RunSummary& run) override;
  void user(const UserResult& result, std::string_view line) override;
  void end(const RunSummary& run, const RunChanges& changes) override;
  std::vector<std::string> files() const override;

  /// Feeds one stored users.jsonl line (history), read back into its result; `where` names it
  /// in the error when it is not a result.
  void user_from_line(const std::string& line, const std::string& where);
  /// The same for `count` lines.
  void users_from_lines(std::size_t count, const std::function<const std::string&(std::size_t)>& line,
                        std::string_view where);
  /// Moves the finished files into the folder; throws the first error any sink met.
  ReportFiles publish();

 private:
  template <class F>
  void each(F&& f);
  std::filesystem::path shown_, dir_, tmp_;
  std::vector<std::unique_ptr<ReportSink>> sinks_;
  std::string error_;
  bool published_ = false;
  bool made_parent_ = false;  // the folder the report goes into did not exist before
};

}  // namespace usersync
