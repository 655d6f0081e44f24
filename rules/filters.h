#pragma once
// Template filters, in one table: name, argument counts and kinds, an optional prepare step run
// once at config load (to compile a regex), and the function. Filters on a list apply to each item,
// except those that reduce a list to one value (join, max, min, first).
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
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

/// One filter argument as the template wrote it: a quoted string or a number (`text`), a list of
/// quoted strings (`['a', 'b']`) or a map of quoted strings (`{'Yes': 'true'}`).
struct FilterArg {
  enum class Kind { text, list, map };
  Kind kind = Kind::text;
  std::string text;
  std::vector<std::string> items;                            // list
  std::vector<std::pair<std::string, std::string>> entries;  // map, in the order written

  static FilterArg of(std::string s) { return FilterArg{Kind::text, std::move(s), {}, {}}; }
};

struct FilterCall {
  const FilterInfo* filter = nullptr;
  std::vector<FilterArg> args;
  std::shared_ptr<const Regex> regex;  // replace()
};

struct FilterInfo {
  std::string_view name;
  std::size_t min_args;
  std::size_t max_args;
  Value (*apply)(const Value& value, const FilterCall& call);
  /// Checks and prepares the arguments; throws std::invalid_argument with a message.
  void (*prepare)(FilterCall& call);
  /// What each argument may be, by position: 't' a quoted string or number, 'l' that or a list of
  /// quoted strings, 'm' a map. Positions beyond the string are 't'.
  std::string_view kinds;
};

/// Whether `arg` is of a kind the filter takes at position `index`; otherwise the message for it
/// ("argument 2 must be a quoted string or a list of quoted strings").
std::optional<std::string> check_arg_kind(const FilterInfo& filter, std::size_t index, const FilterArg& arg);

/// The row for `name`, or nullptr.
const FilterInfo* find_filter(std::string_view name);
std::vector<std::string> filter_names();

/// Transliterates to ASCII with ICU: "Zoë Jäger-Ørsted" -> "Zoe Jager-Orsted", or with style "de"
/// (German umlauts as ae, oe, ue) -> "Zoe Jaeger-Orsted".
std::string to_ascii(const std::string& text, const std::string& style = "");

}  // namespace usersync
