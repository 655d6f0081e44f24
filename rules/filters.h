#pragma once
// Template filters, in one table: name, argument counts, an optional prepare step run once at
// config load (to compile a regex), and the function. Filters on a list apply to each item.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace usersync {

class Regex;

/// A template value: one string, or a list (from split) until join turns it back.
struct Value {
  std::vector<std::string> items;
  bool list = false;

  static Value of(std::string s) { return Value{{std::move(s)}, false}; }
  /// The value as one string; a list is joined with "; ".
  std::string str() const;
  bool empty() const;
};

struct FilterInfo;

struct FilterCall {
  const FilterInfo* filter = nullptr;
  std::vector<std::string> args;
  std::shared_ptr<const Regex> regex;  // replace()
};

struct FilterInfo {
  std::string_view name;
  std::size_t min_args;
  std::size_t max_args;
  Value (*apply)(const Value& value, const FilterCall& call);
  /// Checks and prepares the arguments; throws std::invalid_argument with a message.
  void (*prepare)(FilterCall& call);
};

/// The row for `name`, or nullptr.
const FilterInfo* find_filter(std::string_view name);
std::vector<std::string> filter_names();

/// Transliterates to ASCII with ICU: "Zoë Jäger-Ørsted" -> "Zoe Jager-Orsted", or with style "de"
/// (German umlauts as ae, oe, ue) -> "Zoe Jaeger-Orsted".
std::string to_ascii(const std::string& text, const std::string& style = "");

}  // namespace usersync
