#pragma once
// A small streaming JSON writer for the hot paths (users.jsonl lines, staging rows): appends to a
// string with no document tree, in the order the caller writes keys. Commas are tracked per level.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace usersync {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view k);
  JsonWriter& value(std::string_view v);
  JsonWriter& value(const char* v) { return value(std::string_view(v)); }
  JsonWriter& value(bool v);
  JsonWriter& value(std::int64_t v);
  JsonWriter& null();
  JsonWriter& strings(const std::vector<std::string>& list);

  /// `text` as a JSON string literal, quotes included; invalid UTF-8 bytes become U+FFFD.
  static void quote(std::string_view text, std::string& out);

 private:
  void separate();
  std::string& out_;
  std::vector<bool> first_{true};  // per nesting level: nothing written yet
  bool after_key_ = false;
};

}  // namespace usersync
