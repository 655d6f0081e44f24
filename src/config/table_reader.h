#pragma once
// Reads one TOML table with toml++, refusing unknown keys (with "did you mean") and wrong types,
// every error at file:line:col.
#include <toml++/toml.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "model/errors.h"
#include "rules/condition.h"
#include "rules/regex.h"

namespace usersync {

class TableReader {
 public:
  TableReader(const toml::table& table, const std::string& file, std::string context)
      : table_(table), file_(file), context_(std::move(context)) {}

  SourceLocation where(const toml::node& node) const;
  SourceLocation where() const { return where(table_); }
  const std::string& file() const { return file_; }
  const toml::table& table() const { return table_; }

  void allow(std::initializer_list<const char*> keys) const;
  void allow(const std::vector<std::string>& keys) const;
  std::optional<std::string> string(const char* key) const;
  std::string required_string(const char* key) const;
  std::optional<std::int64_t> integer(const char* key, std::int64_t min = 0) const;
  std::optional<double> number(const char* key, double min, double max) const;
  std::optional<bool> boolean(const char* key) const;
  std::optional<std::vector<std::string>> strings(const char* key) const;
  /// A list of names or /regexes/, compiled.
  std::vector<NameMatcher> matchers(const char* key) const;
  std::optional<char> delimiter(const char* key) const;
  std::string encoding(const char* key) const;
  std::string one_of(const char* key, const std::vector<std::string>& allowed, const std::string& fallback) const;
  const toml::table* table(const char* key) const;
  /// A `when = { … }` condition table.
  std::optional<ConditionSpec> condition(const char* key) const;

 private:
  [[noreturn]] void type_error(const toml::node& n, const char* key, const char* what) const;
  const toml::table& table_;
  const std::string& file_;
  std::string context_;
};

}  // namespace usersync
