#pragma once
// One JSON file read with simdjson's On-Demand API (docs/ARCHITECTURE.md says why simdjson): the
// file is loaded once, parsed as it is walked, and any simdjson error becomes an InputError at the
// file, line and column where parsing stopped, with what was expected.
#include <simdjson.h>

#include <string>

#include "model/errors.h"

namespace usersync {

class JsonFile {
 public:
  /// Loads `path` (a UTF-8 byte-order mark is skipped); InputError when it cannot be read.
  JsonFile(const std::string& path, simdjson::ondemand::parser& parser);

  const std::string& path() const { return path_; }
  simdjson::ondemand::document& document() { return doc_; }
  std::size_t size() const { return data_.size(); }

  /// Runs `walk(document)`, turning a simdjson error into an InputError located where parsing
  /// stopped. InputErrors thrown by `walk` pass through.
  template <class Walk>
  void read(Walk&& walk) {
    try {
      walk(doc_);
      // simdjson stops after the first value; anything after it would be silently dropped.
      const char* rest = nullptr;
      if (!doc_.current_location().get(rest))
        fail_here("unexpected content after the JSON value; expected the end of the file");
    } catch (const simdjson::simdjson_error& e) {
      fail_here(describe(e.error()));
    }
  }

  /// Throws InputError at the place the parser has reached.
  [[noreturn]] void fail_here(const std::string& message);
  /// Reads a value the importer does not need through to its end, so that a malformed one is
  /// refused too (On-Demand skips what it is not asked for); too deep a value is refused at `pointer`.
  void skip(simdjson::ondemand::value value, const std::string& pointer) const;
  /// Throws InputError naming the value at JSON pointer `pointer`.
  [[noreturn]] void fail_at(const std::string& pointer, const std::string& message) const;

 private:
  static std::string describe(simdjson::error_code code);
  SourceLocation location_of(std::size_t offset) const;

  std::string path_;
  simdjson::padded_string data_;
  simdjson::ondemand::document doc_;
};

}  // namespace usersync
