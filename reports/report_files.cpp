#include "report_files.h"

#include <fstream>

#include "model/errors.h"

namespace usersync {

namespace {
void write_atomically(const std::filesystem::path& path, const auto& write) {
  auto tmp = path;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw Error(ExitCode::internal, tmp.string() + ": cannot write report file");
    write(out);
    if (!out.flush()) throw Error(ExitCode::internal, tmp.string() + ": cannot write report file");
  }
  std::filesystem::rename(tmp, path);
}
}  // namespace

ReportFiles write_report_files(const std::filesystem::path& dir, const std::string& summary_json,
                               const std::vector<std::string>& user_lines) {
  return write_report_files(dir, summary_json, user_lines.size(),
                            [&](std::size_t i) -> const std::string& { return user_lines[i]; });
}

ReportFiles write_report_files(const std::filesystem::path& dir, const std::string& summary_json, std::size_t count,
                               const std::function<const std::string&(std::size_t)>& line) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw Error(ExitCode::internal, dir.string() + ": cannot create report folder: " + ec.message());
  ReportFiles files{dir / "summary.json", dir / "users.jsonl"};
  write_atomically(files.users, [&](std::ostream& out) {
    for (std::size_t i = 0; i < count; ++i) out << line(i) << '\n';
  });
  write_atomically(files.summary, [&](std::ostream& out) { out << summary_json; });
  return files;
}

}  // namespace usersync
