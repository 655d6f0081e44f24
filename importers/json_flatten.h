#pragma once
// Turns one JSON object into the named fields of a Record, so a mapping reads a dump the way it
// reads a CSV row. The names (docs/CONFIG.md, "Fields of JSON dumps"):
//   profile.login              a member of a nested object
//   roles                      an array of strings, numbers or booleans: a list
//   emails[0].value            a member of the first object of an array
//   emails[primary].value      ... of the first element with "primary": true
//   externalIds[type=organization].value  ... of the first element whose "type" is "organization"
//   emails[].value             the list of that member over every element
// Strings are kept exactly; numbers as written; true/false as text; null is "no such field".
#include <simdjson.h>

#include <optional>
#include <string>
#include <vector>

namespace usersync {

struct FlatFields {
  std::vector<std::string> names;
  std::vector<std::string> values;
  std::vector<std::optional<std::vector<std::string>>> lists;

  void add(std::string name, std::string value);
  void add_list(std::string name, std::vector<std::string> items);
  /// The value of `name` (exact), or nullptr.
  const std::string* find(std::string_view name) const;
  /// The items of list `name` (exact), or nullptr when there is no such list.
  const std::vector<std::string>* find_list(std::string_view name) const;
};

/// Nesting deeper than this is refused: no directory attribute lives that deep, and a hostile file
/// must not exhaust the stack.
constexpr int kMaxJsonDepth = 32;

/// Flattens `object` into `out`. Throws std::length_error (with the member's JSON pointer relative
/// to `object`) when it nests deeper than kMaxJsonDepth; simdjson errors pass through.
void flatten_object(simdjson::ondemand::object object, FlatFields& out);

/// Adds `@created` (ISO 8601 UTC) from a field holding epoch milliseconds (Keycloak's
/// createdTimestamp), when it holds a plain number.
void add_created_from_epoch_ms(FlatFields& fields, std::string_view field);

/// Reads `value` through to its end without keeping it, so a value an importer does not need is
/// still checked (On-Demand skips what it is not asked for). Throws std::length_error past
/// kMaxJsonDepth; simdjson errors pass through.
void consume(simdjson::ondemand::value value, int depth = 0);

/// The text of a scalar (string as is, number as written, true/false); nullopt for null, an
/// object or an array.
std::optional<std::string> scalar_text(simdjson::ondemand::value value);

}  // namespace usersync
