#include "report_files.h"

#include <unistd.h>

#include <fstream>

#include "change_files.h"
#include "model/errors.h"

namespace usersync {

namespace {
void write_file(const std::filesystem::path& path, const auto& write) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw Error(ExitCode::internal, path.string() + ": cannot write report file");
  write(out);
  if (!out.flush()) throw Error(ExitCode::internal, path.string() + ": cannot write report file");
}

/// A fresh folder beside `dir`, named so that no reader mistakes it for a report.
std::filesystem::path staging_folder(const std::filesystem::path& dir) {
  auto name = "." + dir.filename().string() + ".tmp-" + std::to_string(::getpid());
  auto tmp = dir.parent_path() / name;
  std::error_code ec;
  std::filesystem::remove_all(tmp, ec);
  std::filesystem::create_directories(tmp, ec);
  if (ec) throw Error(ExitCode::internal, tmp.string() + ": cannot create report folder: " + ec.message());
  return tmp;
}

/// Moves the finished files into `dir`: the whole folder in one rename when `dir` is new, else
/// file by file (each rename atomic), so `--report-dir` may name a folder that already exists.
void publish(const std::filesystem::path& tmp, const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::exists(dir)) {
    std::filesystem::rename(tmp, dir, ec);
    if (!ec) return;
  }
  std::filesystem::create_directories(dir, ec);
  if (ec) throw Error(ExitCode::internal, dir.string() + ": cannot create report folder: " + ec.message());
  // A report file of an earlier run that this run does not write would pass for this run's
  // (an old changes.csv beside a refused run's summary): remove it first.
  for (const char* name : {"summary.json", "users.jsonl", "changes.csv", "changes.scim.json"})
    if (!std::filesystem::exists(tmp / name)) std::filesystem::remove(dir / name, ec);
  for (const auto& entry : std::filesystem::directory_iterator(tmp))
    std::filesystem::rename(entry.path(), dir / entry.path().filename());
  std::filesystem::remove(tmp, ec);
}
}  // namespace

ReportFiles write_report_files(const std::filesystem::path& dir, const std::string& summary_json,
                               const std::vector<std::string>& user_lines) {
  return write_report_files(dir, summary_json, user_lines.size(),
                            [&](std::size_t i) -> const std::string& { return user_lines[i]; });
}

ReportFiles write_report_files(const std::filesystem::path& dir_in, const std::string& summary_json, std::size_t count,
                               const std::function<const std::string&(std::size_t)>& line,
                               const std::vector<Change>* changes, const std::string* scim_bulk) {
  auto dir = std::filesystem::absolute(dir_in).lexically_normal();
  if (!dir.has_filename()) dir = dir.parent_path();
  auto tmp = staging_folder(dir);
  write_file(tmp / "users.jsonl", [&](std::ostream& out) {
    for (std::size_t i = 0; i < count; ++i) out << line(i) << '\n';
  });
  write_file(tmp / "summary.json", [&](std::ostream& out) { out << summary_json; });
  if (changes) write_file(tmp / "changes.csv", [&](std::ostream& out) { write_changes_csv(out, *changes); });
  if (changes && scim_bulk) write_file(tmp / "changes.scim.json", [&](std::ostream& out) { out << *scim_bulk; });
  publish(tmp, dir);
  return {dir_in / "summary.json", dir_in / "users.jsonl", changes ? dir_in / "changes.csv" : std::filesystem::path(),
          changes && scim_bulk ? dir_in / "changes.scim.json" : std::filesystem::path()};
}

}  // namespace usersync
