#include "table_reader.h"

#include <algorithm>
#include <limits>

#include "model/text.h"

namespace usersync {

SourceLocation TableReader::where(const toml::node& node) const {
  return SourceLocation{file_, static_cast<std::int64_t>(node.source().begin.line),
                        static_cast<std::int64_t>(node.source().begin.column), ""};
}

void TableReader::type_error(const toml::node& n, const char* key, const char* what) const {
  throw ConfigError(where(n), std::string("'") + key + "' in " + context_ + " must be " + what);
}

void TableReader::allow(std::initializer_list<const char*> keys) const {
  allow(std::vector<std::string>(keys.begin(), keys.end()));
}

void TableReader::allow(const std::vector<std::string>& known) const {
  for (auto&& [k, v] : table_) {
    std::string key(k.str());
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    auto hint = closest_match(key, known);
    SourceLocation at{file_, static_cast<std::int64_t>(k.source().begin.line),
                      static_cast<std::int64_t>(k.source().begin.column), ""};
    if (at.line == 0) at = where(v);
    throw ConfigError(at, "unknown key '" + key + "' in " + context_ +
                              (hint ? "; did you mean '" + *hint + "'?" : "; expected one of: " + join(known, ", ")));
  }
}

std::optional<std::string> TableReader::string(const char* key) const {
  const toml::node* n = table_.get(key);
  if (!n) return std::nullopt;
  if (!n->is_string()) type_error(*n, key, "a string");
  return n->as_string()->get();
}

std::string TableReader::required_string(const char* key) const {
  auto v = string(key);
  if (!v || v->empty()) throw ConfigError(where(), context_ + " needs '" + key + "'");
  return *v;
}

std::optional<std::int64_t> TableReader::integer(const char* key, std::int64_t min) const {
  const toml::node* n = table_.get(key);
  if (!n) return std::nullopt;
  // Every integer setting is a count of days, records or a priority held in an int: a larger
  // value would wrap (delete_after_days = 4294967296 would become 0 and delete everyone at once).
  constexpr std::int64_t kMax = std::numeric_limits<std::int32_t>::max();
  if (!n->is_integer() || n->as_integer()->get() < min || n->as_integer()->get() > kMax)
    type_error(*n, key, min == 0 ? "a whole number from 0 to 2147483647" : "a whole number up to 2147483647");
  return n->as_integer()->get();
}

std::optional<double> TableReader::number(const char* key, double min, double max) const {
  const toml::node* n = table_.get(key);
  if (!n) return std::nullopt;
  double v = n->is_floating_point() ? n->as_floating_point()->get()
             : n->is_integer()      ? static_cast<double>(n->as_integer()->get())
                                    : -1e300;
  if (!(v >= min && v <= max))  // NaN fails both
    type_error(
        *n, key,
        ("a number from " + std::to_string(min).substr(0, 3) + " to " + std::to_string(max).substr(0, 3)).c_str());
  return v;
}

std::optional<bool> TableReader::boolean(const char* key) const {
  const toml::node* n = table_.get(key);
  if (!n) return std::nullopt;
  if (!n->is_boolean()) type_error(*n, key, "true or false");
  return n->as_boolean()->get();
}

std::optional<std::vector<std::string>> TableReader::strings(const char* key) const {
  const toml::node* n = table_.get(key);
  if (!n) return std::nullopt;
  const toml::array* a = n->as_array();
  if (!a) type_error(*n, key, "a list of strings");
  std::vector<std::string> out;
  for (const auto& item : *a) {
    if (!item.is_string()) type_error(*n, key, "a list of strings");
    out.push_back(item.as_string()->get());
  }
  return out;
}

std::vector<NameMatcher> TableReader::matchers(const char* key) const {
  std::vector<NameMatcher> out;
  auto list = strings(key);
  if (!list) return out;
  for (const auto& spec : *list) {
    try {
      out.emplace_back(spec);
    } catch (const std::invalid_argument& e) {
      throw ConfigError(where(*table_.get(key)), std::string("'") + key + "': " + spec + ": " + e.what());
    }
  }
  return out;
}

std::optional<char> TableReader::delimiter(const char* key) const {
  auto v = string(key);
  if (!v) return std::nullopt;
  if (*v == "\\t" || *v == "tab") return '\t';
  if (v->size() != 1 || std::string(",;\t|").find((*v)[0]) == std::string::npos)
    throw ConfigError(where(*table_.get(key)),
                      std::string("'") + key + "' must be one of \",\", \";\", \"tab\" or \"|\"");
  return (*v)[0];
}

std::string TableReader::encoding(const char* key) const {
  return one_of(key, {"auto", "utf-8", "utf-16le", "utf-16be"}, "auto");
}

std::string TableReader::one_of(const char* key, const std::vector<std::string>& allowed,
                                const std::string& fallback) const {
  auto v = string(key);
  if (!v) return fallback;
  if (std::find(allowed.begin(), allowed.end(), *v) == allowed.end())
    throw ConfigError(where(*table_.get(key)), "'" + std::string(key) + "' must be one of: " + join(allowed, ", "));
  return *v;
}

const toml::table* TableReader::table(const char* key) const {
  const toml::node* n = table_.get(key);
  if (!n) return nullptr;
  if (!n->is_table()) type_error(*n, key, "a table");
  return n->as_table();
}

std::optional<ConditionSpec> TableReader::condition(const char* key) const {
  const toml::table* t = table(key);
  if (!t) return std::nullopt;
  TableReader r(*t, file_, "a 'when' condition");
  r.allow({"field", "attribute", "equals", "not_equals", "matches", "in_group", "source"});
  ConditionSpec c;
  c.field = r.string("field").value_or("");
  c.attribute = r.string("attribute").value_or("");
  c.equals = r.string("equals");
  c.not_equals = r.string("not_equals");
  c.matches = r.string("matches");
  c.in_group = r.string("in_group").value_or("");
  c.source = r.string("source").value_or("");
  c.where = r.where();
  Condition check(c);  // compile now, so a bad regex is reported at the config
  return c;
}

}  // namespace usersync
