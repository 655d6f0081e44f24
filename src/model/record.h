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

/// One user record of a source. A CSV row shares its file's header; a record of a JSON or LDIF
/// dump carries its own (its flattened paths, see importers/json_flatten.h), since every object
/// may have other keys.
struct Record {
  std::shared_ptr<const Header> header;
  std::vector<std::string> values;  // one per header name; a list's items joined with "; "
  std::vector<std::int64_t> lines;  // where each value starts (text formats; may be empty)
  std::vector<std::int64_t> columns;
  /// Empty, or one per value: the items of a field that is a list (a JSON array of scalars, a
  /// multi-valued LDAP attribute), nullopt for a single value. An empty list is a list.
  std::vector<std::optional<std::vector<std::string>>> lists;
  std::int64_t line = 0;  // where the record starts
  std::string file;
  std::string raw;      // the record's text, for error messages (text formats)
  std::string pointer;  // JSON: the record's JSON pointer in its file ("/value/3"); "" otherwise
  std::string id;       // the provider's immutable id (Okta id, LDAP DN); "" when the format has none
  std::string sheet;    // a spreadsheet's sheet: `lines` are rows, `columns` column numbers

  /// The value of a field, or nullptr when the source has no such field.
  const std::string* get(std::string_view name) const;
  /// The items of a field that is a list, or nullptr (no such field, or a single value).
  const std::vector<std::string>* list(std::string_view name) const;
  /// Where a field's value is; the record's start when the field is unknown. For a JSON record,
  /// the field's JSON pointer (`emails[0].value` is `/emails/0/value`).
  SourceLocation location(std::string_view name) const;
};

/// Adds a list field to a record (a copy of its header with the name added): how a dump's joined
/// groups become its `@groups`.
void add_list_field(Record& record, std::string name, std::vector<std::string> items);

/// A field name of a flattened JSON object as a JSON pointer suffix: `profile.login` is
/// `/profile/login`, `emails[2].value` is `/emails/2/value`; a selector (`emails[primary]`) stops at
/// its array, whose element the name does not say.
std::string field_pointer(std::string_view name);

}  // namespace usersync
