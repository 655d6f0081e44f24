#include "report_files.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>

#include <fstream>

#include "audit_workbook.h"
#include "change_files.h"
#include "html_report.h"
#include "model/errors.h"
#include "result_reader.h"

namespace usersync {

namespace {
void write_file(const std::filesystem::path& path, const auto& write) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw Error(ExitCode::internal, path.string() + ": cannot write report file");
  write(out);
  if (!out.flush()) throw Error(ExitCode::internal, path.string() + ": cannot write report file");
}

/// users.jsonl: the lines as serialised for history, streamed.
class UsersJsonlSink : public ReportSink {
 public:
  explicit UsersJsonlSink(std::filesystem::path path) : path_(std::move(path)), out_(path_, std::ios::binary) {
    if (!out_) throw Error(ExitCode::internal, path_.string() + ": cannot write report file");
  }
  void begin(const RunSummary&) override {}
  void user(const UserResult&, std::string_view line) override { out_ << line << '\n'; }
  void end(const RunSummary&, const RunChanges&) override {
    if (!out_.flush()) throw Error(ExitCode::internal, path_.string() + ": cannot write report file");
    out_.close();
  }
  std::vector<std::string> files() const override { return {"users.jsonl"}; }

 private:
  std::filesystem::path path_;
  std::ofstream out_;
};

/// summary.json, and the plan's changes as changes.csv and changes.scim.json when there is a plan.
class SummarySink : public ReportSink {
 public:
  explicit SummarySink(std::filesystem::path folder) : folder_(std::move(folder)) {}
  void begin(const RunSummary&) override {}
  void user(const UserResult&, std::string_view) override {}
  void end(const RunSummary& run, const RunChanges& changes) override {
    write_file(folder_ / "summary.json", [&](std::ostream& out) { out << summary_json(run); });
    if (!changes.changes) return;
    write_file(folder_ / "changes.csv", [&](std::ostream& out) { write_changes_csv(out, *changes.changes); });
    files_.push_back("changes.csv");
    if (!changes.scim_bulk) return;
    write_file(folder_ / "changes.scim.json", [&](std::ostream& out) { out << *changes.scim_bulk; });
    files_.push_back("changes.scim.json");
  }
  std::vector<std::string> files() const override { return files_; }

 private:
  std::filesystem::path folder_;
  std::vector<std::string> files_{"summary.json"};
};

/// Removes the staging folders (`.NAME.tmp-PID`) in `parent` whose process is gone: a run killed
/// before its commit (kill -9, out of memory) could not remove its own, and the pid in the name
/// keeps anything else from reusing it. A live process's folder (another `report`) is left alone.
void remove_abandoned_staging(const std::filesystem::path& parent) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(parent, ec)) {
    auto name = entry.path().filename().string();
    auto mark = name.rfind(".tmp-");
    if (name.empty() || name[0] != '.' || mark == std::string::npos || !entry.is_directory(ec)) continue;
    auto pid_text = name.substr(mark + 5);
    if (pid_text.empty() || pid_text.find_first_not_of("0123456789") != std::string::npos) continue;
    auto pid = static_cast<pid_t>(std::stol(pid_text));
    if (pid == ::getpid() || ::kill(pid, 0) == 0 || errno != ESRCH) continue;
    std::filesystem::remove_all(entry.path(), ec);
  }
}

/// A fresh folder beside `dir`, named so that no reader mistakes it for a report.
std::filesystem::path staging_folder(const std::filesystem::path& dir) {
  auto name = "." + dir.filename().string() + ".tmp-" + std::to_string(::getpid());
  auto tmp = dir.parent_path() / name;
  std::error_code ec;
  remove_abandoned_staging(dir.parent_path());
  std::filesystem::remove_all(tmp, ec);
  std::filesystem::create_directories(tmp, ec);
  if (ec) throw Error(ExitCode::internal, tmp.string() + ": cannot create report folder: " + ec.message());
  return tmp;
}

/// Every file a report folder may hold: one of an earlier run that this run does not write
/// would pass for this run's (an old changes.csv beside a refused run's summary).
const char* const report_file_names[] = {"summary.json", "users.jsonl", "changes.csv", "changes.scim.json",
                                         "audit.xlsx",   "report.html"};

/// Moves the finished files into `dir`: the whole folder in one rename when `dir` is new, else
/// file by file (each rename atomic), so `--report-dir` may name a folder that already exists.
void move_into_place(const std::filesystem::path& tmp, const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::exists(dir)) {
    std::filesystem::rename(tmp, dir, ec);
    if (!ec) return;
  }
  std::filesystem::create_directories(dir, ec);
  if (ec) throw Error(ExitCode::internal, dir.string() + ": cannot create report folder: " + ec.message());
  for (const char* name : report_file_names)
    if (!std::filesystem::exists(tmp / name)) std::filesystem::remove(dir / name, ec);
  for (const auto& entry : std::filesystem::directory_iterator(tmp))
    std::filesystem::rename(entry.path(), dir / entry.path().filename());
  std::filesystem::remove(tmp, ec);
}
}  // namespace

ReportWriter::ReportWriter(std::filesystem::path dir, ReportFormats formats)
    : shown_(dir), dir_(std::filesystem::absolute(dir).lexically_normal()) {
  if (!dir_.has_filename()) dir_ = dir_.parent_path();
  made_parent_ = !std::filesystem::exists(dir_.parent_path());
  tmp_ = staging_folder(dir_);
  sinks_.push_back(std::make_unique<UsersJsonlSink>(tmp_ / "users.jsonl"));
  sinks_.push_back(std::make_unique<SummarySink>(tmp_));
  if (formats.xlsx) sinks_.push_back(make_audit_workbook_sink(tmp_));
  if (formats.html) sinks_.push_back(make_html_report_sink(tmp_));
}

ReportWriter::~ReportWriter() {
  sinks_.clear();  // closes their files first
  if (published_) return;
  std::error_code ec;
  std::filesystem::remove_all(tmp_, ec);
  // A first run rolled back leaves no empty reports/ folder either (only ever removed when empty).
  if (made_parent_) std::filesystem::remove(tmp_.parent_path(), ec);
}

template <class F>
void ReportWriter::each(F&& f) {
  if (!error_.empty()) return;  // one failure is enough: the reports are not published
  try {
    for (auto& sink : sinks_) f(*sink);
  } catch (const std::exception& e) {
    error_ = e.what();
  }
}

namespace {
/// The summary as summary.json holds it: a format rendered now must equal the same format
/// rendered again from history (`report RUN`), so no sink may see a field that is not stored.
/// The one exception, users_not_listed, is what a report written from history cannot list: the
/// reports of the run itself list everyone and have none.
RunSummary as_stored(const RunSummary& run) {
  auto stored = summary_from_json(summary_json(run), "a run summary");
  stored.users_not_listed = run.users_not_listed;
  return stored;
}
}  // namespace

void ReportWriter::begin(const RunSummary& run) {
  auto stored = as_stored(run);
  each([&](ReportSink& s) { s.begin(stored); });
}

void ReportWriter::user(const UserResult& result, std::string_view line) {
  each([&](ReportSink& s) { s.user(result, line); });
}

void ReportWriter::end(const RunSummary& run, const RunChanges& changes) {
  auto stored = as_stored(run);
  each([&](ReportSink& s) { s.end(stored, changes); });
}

std::vector<std::string> ReportWriter::files() const {
  std::vector<std::string> out;
  for (const auto& s : sinks_)
    for (auto& f : s->files()) out.push_back(std::move(f));
  return out;
}

void ReportWriter::user_from_line(const std::string& line, const std::string& where) {
  if (!error_.empty()) return;
  // A stored line that cannot be read is the database's fault, not the reports': it ends here.
  user(user_result_from_line(line, where), line);
}

void ReportWriter::users_from_lines(std::size_t count, const std::function<const std::string&(std::size_t)>& line,
                                    std::string_view where) {
  for (std::size_t i = 0; i < count && error_.empty(); ++i)
    user_from_line(line(i), std::string(where) + ", result " + std::to_string(i + 1));
}

ReportFiles ReportWriter::publish() {
  if (!error_.empty()) throw Error(ExitCode::internal, error_);
  auto names = files();
  sinks_.clear();
  move_into_place(tmp_, dir_);
  published_ = true;
  ReportFiles out;
  for (const auto& name : names) {
    auto path = shown_ / name;  // as the caller named the folder, for messages
    if (name == "summary.json") out.summary = path;
    if (name == "users.jsonl") out.users = path;
    if (name == "changes.csv") out.changes = path;
    if (name == "changes.scim.json") out.changes_scim = path;
    if (name == "audit.xlsx") out.audit = path;
    if (name == "report.html") out.html = path;
  }
  return out;
}

}  // namespace usersync
