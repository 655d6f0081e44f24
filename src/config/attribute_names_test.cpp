#include "config/attribute_names.h"

#include <catch2/catch.hpp>

#include "tests/test_util.h"

using namespace usersync;

namespace {
DirectoryConfig export_at(const std::string& path) {
  DirectoryConfig d;
  d.path = path;
  return d;
}
}  // namespace

TEST_CASE("directory_columns reads the export's header row, lower-cased") {
  test::TempDir dir;
  auto path = dir.write("d.csv", "\xEF\xBB\xBFUserName;E-Mail;Cost Center\njdoe;j@x;42\n");
  CHECK(directory_columns(export_at(path)) == std::vector<std::string>{"username", "e-mail", "cost center"});
  const char raw[] = "\xFF\xFEu\0s\0e\0r\0n\0a\0m\0e\0,\0O\0f\0f\0i\0c\0e\0\n\0";
  auto utf16 = dir.write("u.csv", std::string(raw, sizeof raw - 1));  // UTF-16 LE with BOM, as Excel writes
  CHECK(directory_columns(export_at(utf16)) == std::vector<std::string>{"username", "office"});
}

TEST_CASE("directory_columns is empty-handed when the export cannot be read") {
  test::TempDir dir;
  CHECK_FALSE(directory_columns(DirectoryConfig{}).has_value());
  CHECK_FALSE(directory_columns(export_at(dir.path("none.csv"))).has_value());
  CHECK_FALSE(directory_columns(export_at(dir.write("empty.csv", ""))).has_value());
  CHECK_FALSE(directory_columns(export_at(dir.write("dup.csv", "username,Username\n"))).has_value());
  CHECK_FALSE(directory_columns(export_at(dir.path(""))).has_value());  // a folder
}
