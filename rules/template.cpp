#include "template.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "filters.h"
#include "model/record.h"
#include "model/text.h"
#include "regex.h"

namespace usersync {

struct Template::Expression {
  std::vector<std::string> heads;      // one field, or several for coalesce(a, b, c)
  std::shared_ptr<const Regex> names;  // or fields('regex')
  std::vector<FilterCall> filters;
  /// fields(): the matching columns of the last header seen. Every record of an import shares one
  /// header, so the regex runs once per import, not per record. (A run maps on one thread.)
  mutable std::shared_ptr<const Header> header;
  mutable std::vector<std::size_t> columns;
};

struct Template::Segment {
  std::string literal;
  std::optional<Expression> expr;
};

namespace {

/// Throws a ConfigError at byte `pos` of the template, as a column of the config line.
[[noreturn]] void fail_at(std::string_view text, std::size_t pos, const SourceLocation& where,
                          const std::string& message) {
  SourceLocation at = where;
  if (at.column > 0) at.column += static_cast<std::int64_t>(utf8_chars(text, pos)) + 1;  // +1: opening quote
  throw ConfigError(at, "in template \"" + std::string(text) + "\": " + message);
}

/// A cursor over one "{{ … }}" expression that reports errors at the config position.
class ExprParser {
 public:
  ExprParser(std::string_view text, std::size_t pos, const SourceLocation& where)
      : text_(text), pos_(pos), where_(where) {}

  Template::Expression parse(std::size_t end) {
    end_ = end;
    Template::Expression e;
    auto name = field_name();
    skip_ws();
    if (peek() == '(' && name == "fields") {
      ++pos_;
      skip_ws();
      auto arg_pos = pos_;
      if (!is_quote(peek())) fail("fields() takes one quoted regular expression, such as fields('^Group \\d+$')");
      auto pattern = quoted();
      expect(')');
      try {
        e.names = std::make_shared<const Regex>(pattern);
      } catch (const std::invalid_argument& err) {
        pos_ = arg_pos;
        fail(std::string("fields(): ") + err.what());
      }
    } else if (peek() == '(') {
      if (name != "coalesce")
        fail("unknown function '" + name + "'; expected a field name, coalesce(a, b, …) or fields('regex')");
      ++pos_;
      do {
        e.heads.push_back(field_name());
        skip_ws();
      } while (accept(','));
      expect(')');
    } else {
      e.heads.push_back(name);
    }
    skip_ws();
    while (accept('|')) {
      auto fname_pos = (skip_ws(), pos_);
      auto fname = ident("a filter name");
      const FilterInfo* f = find_filter(fname);
      if (!f) {
        pos_ = fname_pos;
        auto hint = closest_match(fname, filter_names());
        fail("unknown filter '" + fname + "'" + (hint ? "; did you mean '" + *hint + "'?" : ""));
      }
      FilterCall call{f, {}, nullptr};
      std::vector<std::size_t> arg_pos;
      skip_ws();
      if (accept('(')) {
        skip_ws();
        if (!accept(')')) {
          do {
            arg_pos.push_back((skip_ws(), pos_));
            call.args.push_back(argument());
            skip_ws();
          } while (accept(','));
          expect(')');
        }
      }
      if (call.args.size() < f->min_args || call.args.size() > f->max_args) {
        pos_ = fname_pos;
        fail("filter '" + fname + "' takes " +
             (f->min_args == f->max_args ? std::to_string(f->min_args)
                                         : std::to_string(f->min_args) + " to " + std::to_string(f->max_args)) +
             " argument(s), got " + std::to_string(call.args.size()));
      }
      for (std::size_t i = 0; i < call.args.size(); ++i)
        if (auto wrong = check_arg_kind(*f, i, call.args[i])) {
          pos_ = arg_pos[i];
          fail("filter '" + fname + "': " + *wrong);
        }
      if (f->prepare) {
        try {
          f->prepare(call);
        } catch (const std::invalid_argument& e) {
          pos_ = fname_pos;
          fail("filter '" + fname + "': " + e.what());
        }
      }
      e.filters.push_back(std::move(call));
      skip_ws();
    }
    if (pos_ != end_) fail("unexpected text in template expression; expected '|' or '}}'");
    return e;
  }

 private:
  [[noreturn]] void fail(const std::string& message) { fail_at(text_, pos_, where_, message); }
  char peek() const { return pos_ < end_ ? text_[pos_] : '\0'; }
  void skip_ws() {
    while (pos_ < end_ && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  bool accept(char c) {
    skip_ws();
    if (peek() != c) return false;
    ++pos_;
    return true;
  }
  void expect(char c) {
    if (!accept(c)) fail(std::string("expected '") + c + "'");
  }
  std::string ident(const char* what) {
    skip_ws();
    auto start = pos_;
    while (pos_ < end_ && (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_' ||
                           text_[pos_] == '-' || text_[pos_] == '.' || static_cast<unsigned char>(text_[pos_]) >= 0x80))
      ++pos_;
    if (start == pos_) fail(std::string("expected ") + what);
    return std::string(text_.substr(start, pos_ - start));
  }
  /// A source field name: anything up to '|', ',', '(', ')', a brace or the end, trimmed, so that
  /// spreadsheet headers such as "Given Name" or "E-Mail" can be used as written. A brace ends it so
  /// that "{{ a } }}" is an error rather than a field named "a }".
  std::string field_name() {
    skip_ws();
    auto start = pos_;
    while (pos_ < end_ && std::string_view("|,(){}").find(text_[pos_]) == std::string_view::npos) ++pos_;
    auto name = trim(text_.substr(start, pos_ - start));
    if (name.empty()) {
      pos_ = start;
      fail("expected a field name");
    }
    pos_ = start + (name.data() - (text_.data() + start)) + name.size();
    return std::string(name);
  }
  static bool is_quote(char c) { return c == '\'' || c == '"'; }
  /// A quoted string at the cursor. `\\`, `\'` and `\"` are escapes; any other backslash is kept,
  /// so that regexes read as written: '^Group \d+$'.
  std::string quoted() {
    char q = peek();
    auto start = pos_++;
    std::string out;
    while (pos_ < end_ && text_[pos_] != q) {
      if (text_[pos_] == '\\' && pos_ + 1 < end_ && (text_[pos_ + 1] == '\\' || is_quote(text_[pos_ + 1]))) ++pos_;
      out += text_[pos_++];
    }
    if (pos_ >= end_) {
      pos_ = start;
      fail("unterminated string argument");
    }
    ++pos_;
    return out;
  }
  /// A bare true or false at the cursor, as text; nothing (and the cursor unmoved) otherwise.
  std::optional<std::string> bare_bool() {
    auto start = pos_;
    while (pos_ < end_ && std::isalnum(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    auto word = text_.substr(start, pos_ - start);
    if (word == "true" || word == "false") return std::string(word);
    pos_ = start;
    return std::nullopt;
  }
  /// A filter argument: a quoted string, a number, true or false (as text), a list of quoted strings
  /// or a map.
  FilterArg argument() {
    skip_ws();
    if (peek() == '[') return list();
    if (peek() == '{') return map();
    if (is_quote(peek())) return FilterArg::of(quoted());
    if (auto word = bare_bool()) return FilterArg::of(*word);
    auto start = pos_;
    while (pos_ < end_ && (std::isdigit(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '-')) ++pos_;
    if (start == pos_) fail("expected a quoted string or a number as filter argument");
    return FilterArg::of(std::string(text_.substr(start, pos_ - start)));
  }
  /// ['a', 'b']: one or more quoted strings; a trailing comma is allowed.
  FilterArg list() {
    FilterArg a{FilterArg::Kind::list, {}, {}, {}};
    ++pos_;
    do {
      skip_ws();
      if (peek() == ']' && !a.items.empty()) break;
      if (!is_quote(peek())) fail("expected a quoted string in the list");
      a.items.push_back(quoted());
    } while (accept(','));
    expect(']');
    return a;
  }
  /// {'key': 'value', …}: one or more entries with quoted keys, each key once; a value is a quoted
  /// string or true/false (meaning 'true'/'false'); a trailing comma is allowed.
  FilterArg map() {
    FilterArg a{FilterArg::Kind::map, {}, {}, {}};
    ++pos_;
    do {
      skip_ws();
      if (peek() == '}' && !a.entries.empty()) break;
      if (!is_quote(peek())) fail("expected a quoted string as key in the map");
      auto key_pos = pos_;
      auto key = quoted();
      for (const auto& entry : a.entries)
        if (entry.first == key) {
          pos_ = key_pos;
          fail("duplicate key '" + key + "' in the map");
        }
      expect(':');
      skip_ws();
      auto value = is_quote(peek()) ? std::optional<std::string>(quoted()) : bare_bool();
      if (!value) fail("expected a quoted string, true or false as value in the map");
      a.entries.emplace_back(std::move(key), std::move(*value));
    } while (accept(','));
    expect('}');
    return a;
  }

  std::string_view text_;
  std::size_t pos_;
  std::size_t end_ = 0;
  const SourceLocation& where_;
};

}  // namespace

Template Template::parse(std::string_view text, const SourceLocation& where, Plain plain) {
  Template t;
  t.text_ = std::string(text);
  std::size_t pos = 0;
  while (true) {
    auto open = text.find("{{", pos);
    auto literal = text.substr(pos, open == std::string_view::npos ? std::string_view::npos : open - pos);
    // A "}}" outside an expression closes nothing: a lost "{{" (`first_name }}`), or one too many.
    if (auto stray = literal.find("}}"); stray != std::string_view::npos)
      fail_at(text, pos + stray, where, "'}}' without an opening '{{'");
    if (open == std::string_view::npos) {
      if (pos > 0) break;
      if (plain == Plain::constant) return constant(std::string(text));
      if (trim(text).empty()) throw ConfigError(where, "empty mapping; expected a source field name or a template");
      return field(std::string(trim(text)));
    }
    auto seg = std::make_shared<Segment>();
    seg->literal = std::string(literal);
    // Unclosed: no "}}" at all, or another "{{" opens before this one is closed.
    auto close = text.find("}}", open + 2);
    if (close == std::string_view::npos || text.find("{{", open + 2) < close)
      fail_at(text, open, where, "'{{' without a closing '}}'");
    if (trim(text.substr(open + 2, close - open - 2)).empty())
      fail_at(text, open, where, "empty expression '{{ }}'; expected a field name");
    seg->expr = ExprParser(text, open + 2, where).parse(close);
    for (const auto& h : seg->expr->heads)
      if (std::find(t.fields_.begin(), t.fields_.end(), h) == t.fields_.end()) t.fields_.push_back(h);
    if (seg->expr->names) t.patterns_.push_back(seg->expr->names);
    t.segments_.push_back(seg);
    pos = close + 2;
  }
  if (pos < text.size()) {
    auto seg = std::make_shared<Segment>();
    seg->literal = std::string(text.substr(pos));
    t.segments_.push_back(seg);
  }
  return t;
}

Template Template::constant(std::string text) {
  Template t;
  t.text_ = text;
  auto seg = std::make_shared<Segment>();
  seg->literal = std::move(text);
  t.segments_.push_back(seg);
  return t;
}

Template Template::field(std::string name) {
  Template t;
  t.text_ = name;
  auto seg = std::make_shared<Segment>();
  seg->expr.emplace();
  seg->expr->heads.push_back(name);
  t.segments_.push_back(seg);
  t.fields_.push_back(std::move(name));
  return t;
}

namespace {

/// fields('regex'): the trimmed, non-empty values of the fields whose names match, in header order.
Value matching_fields(const Template::Expression& e, const Record& record) {
  if (e.header != record.header) {
    std::vector<std::size_t> columns;
    const auto& names = record.header->names();
    for (std::size_t i = 0; i < names.size(); ++i)
      if (e.names->matches(names[i])) columns.push_back(i);
    e.columns = std::move(columns);
    e.header = record.header;
  }
  Value out{{}, true};
  for (auto i : e.columns) {
    auto v = i < record.values.size() ? trim(record.values[i]) : std::string_view();
    if (!v.empty()) out.items.emplace_back(v);
  }
  return out;
}

}  // namespace

Value Template::evaluate(const FieldLookup& lookup, const Record* record) const {
  // A template that is one expression keeps its list; anything with text around it is a string.
  std::string out;
  for (const auto& seg : segments_) {
    out += seg->literal;
    if (!seg->expr) continue;
    Value value = Value::of("");
    if (seg->expr->names) {
      if (!record)
        throw std::runtime_error("fields('" + seg->expr->names->pattern() + "') needs the record's field names");
      value = matching_fields(*seg->expr, *record);
    }
    for (const auto& h : seg->expr->heads) {
      // A list field (a JSON array, a multi-valued LDAP attribute) stays a list for the filters.
      if (const std::vector<std::string>* items = record ? record->list(h) : nullptr) {
        if (items->empty()) continue;
        value = Value{*items, true};
        break;
      }
      const std::string* v = lookup(h);
      if (v && !trim(*v).empty()) {
        value = Value::of(*v);
        break;
      }
    }
    for (const auto& f : seg->expr->filters) value = f.filter->apply(value, f);
    if (segments_.size() == 1 && seg->literal.empty()) return value;
    out += value.str();
  }
  return Value::of(out);
}

Value Template::render_value(const Record& record) const {
  return evaluate([&](std::string_view name) { return record.get(name); }, &record);
}
Value Template::render_value(const FieldLookup& lookup) const { return evaluate(lookup, nullptr); }
std::string Template::render(const Record& record) const { return render_value(record).str(); }
std::string Template::render(const FieldLookup& lookup) const { return render_value(lookup).str(); }

}  // namespace usersync
