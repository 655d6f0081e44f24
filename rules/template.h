#pragma once
// Attribute templates: "{{ first_name }} {{ last_name | upper }}". Parsed once at config load,
// evaluated per record. A plain string without "{{" names a single source field (or, for a
// `template = "…"` entry, is fixed text). Every syntax error is a ConfigError at the config.
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "filters.h"
#include "model/errors.h"

namespace usersync {

struct Record;

/// Looks up a source field by name; nullptr when the source has no such field.
using FieldLookup = std::function<const std::string*(std::string_view)>;

class Template {
 public:
  /// What a string without "{{" means: one source field (`email = "mail"`) or fixed text
  /// (`title = { template = "Contractor" }`).
  enum class Plain { field, constant };
  /// Parses `text`. `where` locates the string in the config; parse errors point inside it: an
  /// unclosed "{{", a "}}" that closes nothing, an empty or malformed expression, an unknown filter
  /// or function, wrong filter arguments (count, or a list or map where text belongs), a malformed
  /// list or map literal, an unterminated string argument, a bad fields() regex.
  static Template parse(std::string_view text, const SourceLocation& where, Plain plain = Plain::field);
  /// A template that reads one field as it is.
  static Template field(std::string name);
  /// A template that is fixed text.
  static Template constant(std::string text);

  /// Evaluates against a record. Throws std::runtime_error (without location) when a filter fails
  /// on a value; the caller adds the record's location.
  std::string render(const Record& record) const;
  /// The same, keeping a list (from split or fields()) as a list.
  Value render_value(const Record& record) const;
  /// Evaluates with fields looked up by name only. Such a caller cannot list the record's fields,
  /// so fields('regex') throws std::runtime_error here; everything else works as with a Record.
  std::string render(const FieldLookup& lookup) const;
  Value render_value(const FieldLookup& lookup) const;
  /// The source fields the template reads by name, in order of appearance, without duplicates.
  const std::vector<std::string>& fields() const { return fields_; }
  /// The patterns of its fields('regex') calls, in order of appearance.
  const std::vector<std::shared_ptr<const Regex>>& field_patterns() const { return patterns_; }
  const std::string& text() const { return text_; }

  struct Expression;
  struct Segment;

 private:
  Value evaluate(const FieldLookup& lookup, const Record* record) const;

  std::string text_;
  std::vector<std::shared_ptr<const Segment>> segments_;
  std::vector<std::string> fields_;
  std::vector<std::shared_ptr<const Regex>> patterns_;
};

}  // namespace usersync
