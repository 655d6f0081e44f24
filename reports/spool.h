#pragma once
// A temporary file of records, written in one pass and read back in the same order: what a
// report sink keeps when it can only write its file at the end (a workbook whose first sheet is
// the summary), without holding a million rows in memory. Removed when destroyed.
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace usersync {

class Spool {
 public:
  /// A new, empty spool file at `path` (a file of the report's staging folder).
  explicit Spool(std::filesystem::path path);
  ~Spool();
  Spool(const Spool&) = delete;
  Spool& operator=(const Spool&) = delete;

  /// Appends one record of fields.
  void write(const std::vector<std::string_view>& fields);
  void write(std::initializer_list<std::string_view> fields) { write(std::vector<std::string_view>(fields)); }
  std::size_t size() const { return records_; }

  /// Reads every record back, in the order written; may be called more than once.
  template <class F>
  void for_each(F&& f) {
    rewind();
    std::vector<std::string> fields;
    while (next(fields)) f(const_cast<const std::vector<std::string>&>(fields));
  }

 private:
  void rewind();
  bool next(std::vector<std::string>& fields);
  std::filesystem::path path_;
  std::FILE* file_ = nullptr;
  std::size_t records_ = 0;
};

}  // namespace usersync
