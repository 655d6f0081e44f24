#pragma once
// Helpers for unit tests: temporary files that clean up after themselves.
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "model/record.h"

namespace usersync::test {

class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("usersync-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  /// Writes `bytes` to `name` inside the folder and returns the full path.
  std::string write(const std::string& name, const std::string& bytes) const {
    auto p = path_ / name;
    std::ofstream(p, std::ios::binary) << bytes;
    return p.string();
  }
  std::string path(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

/// A record of hr.csv line 4 with these fields, each value's column computed as if comma-separated.
inline Record make_record(std::vector<std::string> names, std::vector<std::string> values) {
  Record r;
  r.header = std::make_shared<Header>(std::move(names));
  r.lines.assign(values.size(), 4);
  std::int64_t col = 1;
  std::string raw;
  for (const auto& v : values) {
    r.columns.push_back(col);
    col += static_cast<std::int64_t>(v.size()) + 1;
    raw += (raw.empty() ? "" : ",") + v;
  }
  r.values = std::move(values);
  r.line = 4;
  r.file = "hr.csv";
  r.raw = raw;
  return r;
}

}  // namespace usersync::test
