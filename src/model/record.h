#pragma once
// A source record as an importer hands it on: named values plus where each one was written, so
// that later layers (mapping, key checks) can report errors at the right file, line and column.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "errors.h"

namespace usersync {

/// The field names of a source, looked up case-insensitively.
class Header {
 public:
  explicit Header(std::vector<std::string> names);
  const std::vector<std::string>& names() const { return names_; }
  std::optional<std::size_t> index(std::string_view name) const;

 private:
  std::vector<std::string> names_;
  std::unordered_map<std::string, std::size_t> index_;
};

struct Record {
  std::shared_ptr<const Header> header;
  std::vector<std::string> values;  // one per header name
  std::vector<std::int64_t> lines;  // where each value starts
  std::vector<std::int64_t> columns;
  std::int64_t line = 0;  // where the record starts
  std::string file;
  std::string raw;  // the record's text, for error messages

  /// The value of a field, or nullptr when the source has no such field.
  const std::string* get(std::string_view name) const;
  /// Where a field's value is; the record's start when the field is unknown.
  SourceLocation location(std::string_view name) const;
};

}  // namespace usersync
