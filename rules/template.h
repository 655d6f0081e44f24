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

/// Looks up a source field by name; nullptr when the source has no such field.
using FieldLookup = std::function<const std::string*(std::string_view)>;

class Template {
 public:
  /// What a string without "{{" means: one source field (`email = "mail"`) or fixed text
  /// (`title = { template = "Contractor" }`).
  enum class Plain { field, constant };
  /// Parses `text`. `where` locates the string in the config; parse errors point inside it: an
  /// unclosed "{{", a "}}" that closes nothing, an empty or malformed expression, an unknown filter
  /// or function, wrong filter arguments, an unterminated string argument.
  static Template parse(std::string_view text, const SourceLocation& where, Plain plain = Plain::field);
  /// A template that reads one field as it is.
  static Template field(std::string name);
  /// A template that is fixed text.
  static Template constant(std::string text);

  /// Evaluates against a record. Throws std::runtime_error (without location) when a filter fails
  /// on a value; the caller adds the record's location.
  std::string render(const FieldLookup& lookup) const;
  /// The same, keeping a list (from split) as a list.
  Value render_value(const FieldLookup& lookup) const;
  /// The source fields the template reads, in order of appearance, without duplicates.
  const std::vector<std::string>& fields() const { return fields_; }
  const std::string& text() const { return text_; }

  struct Expression;
  struct Segment;

 private:
  std::string text_;
  std::vector<std::shared_ptr<const Segment>> segments_;
  std::vector<std::string> fields_;
};

}  // namespace usersync
