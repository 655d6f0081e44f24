#include "config.h"

#include <toml++/toml.h>

#include <algorithm>
#include <set>

#include "importers/registry.h"
#include "model/identity.h"
#include "model/text.h"

namespace usersync {

namespace {

/// Reads one TOML table, refusing keys it does not know, with "did you mean" hints.
class TableReader {
 public:
  TableReader(const toml::table& table, const std::string& file, std::string context)
      : table_(table), file_(file), context_(std::move(context)) {}

  SourceLocation where(const toml::node& node) const {
    return SourceLocation{file_, static_cast<std::int64_t>(node.source().begin.line),
                          static_cast<std::int64_t>(node.source().begin.column), ""};
  }
  SourceLocation where() const { return where(table_); }

  void allow(std::initializer_list<const char*> keys) {
    std::vector<std::string> known(keys.begin(), keys.end());
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

  std::optional<std::string> string(const char* key) const {
    const toml::node* n = table_.get(key);
    if (!n) return std::nullopt;
    if (!n->is_string()) throw ConfigError(where(*n), std::string("'") + key + "' in " + context_ + " must be a string");
    return n->as_string()->get();
  }
  std::string required_string(const char* key) const {
    auto v = string(key);
    if (!v || v->empty())
      throw ConfigError(where(), context_ + " needs '" + key + "'");
    return *v;
  }
  std::optional<std::int64_t> integer(const char* key) const {
    const toml::node* n = table_.get(key);
    if (!n) return std::nullopt;
    if (!n->is_integer()) throw ConfigError(where(*n), std::string("'") + key + "' in " + context_ + " must be a whole number");
    return n->as_integer()->get();
  }
  std::optional<std::vector<std::string>> strings(const char* key) const {
    const toml::node* n = table_.get(key);
    if (!n) return std::nullopt;
    const toml::array* a = n->as_array();
    std::vector<std::string> out;
    if (a)
      for (const auto& item : *a) {
        if (!item.is_string()) { a = nullptr; break; }
        out.push_back(item.as_string()->get());
      }
    if (!a) throw ConfigError(where(*n), std::string("'") + key + "' in " + context_ + " must be a list of strings");
    return out;
  }
  std::optional<char> delimiter(const char* key) const {
    auto v = string(key);
    if (!v) return std::nullopt;
    if (*v == "\\t" || *v == "tab") return '\t';
    if (v->size() != 1 || std::string(",;\t|").find((*v)[0]) == std::string::npos)
      throw ConfigError(where(*table_.get(key)), std::string("'") + key + "' must be one of \",\", \";\", \"tab\" or \"|\"");
    return (*v)[0];
  }
  std::string encoding(const char* key) const {
    auto v = string(key).value_or("auto");
    static const std::vector<std::string> known{"auto", "utf-8", "utf-16le", "utf-16be"};
    if (std::find(known.begin(), known.end(), v) == known.end())
      throw ConfigError(where(*table_.get(key)), "'" + std::string(key) + "' must be one of: " + join(known, ", "));
    return v;
  }
  const toml::table* table(const char* key) const {
    const toml::node* n = table_.get(key);
    if (!n) return nullptr;
    if (!n->is_table()) throw ConfigError(where(*n), std::string("'") + key + "' in " + context_ + " must be a table");
    return n->as_table();
  }

 private:
  const toml::table& table_;
  const std::string& file_;
  std::string context_;
};

std::string resolve(const std::filesystem::path& base, const std::string& p) {
  std::filesystem::path path(p);
  return (path.is_absolute() ? path : base / path).lexically_normal().string();
}

SourceConfig read_source(const toml::table& t, const Config& cfg, const std::vector<std::string>& match_on) {
  TableReader r(t, cfg.file, "[[source]]");
  r.allow({"name", "format", "path", "priority", "delimiter", "encoding", "group_separator", "key", "mapping"});
  SourceConfig s;
  s.where = r.where();
  s.spec.name = r.required_string("name");
  s.spec.format = r.string("format").value_or("csv");
  if (!find_importer(s.spec.format)) {
    std::vector<std::string> formats;
    for (const auto& row : importer_table()) formats.emplace_back(row.format);
    throw ConfigError(r.where(*t.get("format")), "unknown format '" + s.spec.format + "' for source '" + s.spec.name +
                                                     "'; known formats: " + join(formats, ", "));
  }
  s.path_as_written = r.required_string("path");
  s.spec.path = resolve(cfg.base_dir, s.path_as_written);
  s.priority = static_cast<std::int32_t>(r.integer("priority").value_or(1));
  s.spec.delimiter = r.delimiter("delimiter");
  s.spec.encoding = r.encoding("encoding");
  s.mapping_options.group_separator = r.string("group_separator").value_or(";");
  const toml::table* m = r.table("mapping");
  if (!m || m->empty()) throw ConfigError(r.where(), "source '" + s.spec.name + "' needs a [source.mapping] table");
  TableReader mr(*m, cfg.file, "[source.mapping]");
  for (auto&& [k, v] : *m) {
    if (!v.is_string()) throw ConfigError(mr.where(v), "mapping for '" + std::string(k.str()) + "' must be a string");
    MappingEntry e{std::string(k.str()), v.as_string()->get(), mr.where(v)};
    s.mapping.push_back(std::move(e));
  }
  std::sort(s.mapping.begin(), s.mapping.end(), [](const auto& a, const auto& b) { return a.where.line < b.where.line; });
  // Compile now, so template errors point at the config, not at a data row.
  Mapping compiled(s.mapping, s.mapping_options);
  if (!compiled.maps(attr::username))
    throw ConfigError(mr.where(), "source '" + s.spec.name + "' must map 'username'");
  if (auto key = r.string("key")) {
    s.key = *key;
  } else {
    for (const auto& k : match_on)
      if (compiled.maps(k)) {
        s.key = k;
        break;
      }
  }
  if (s.key.empty() || !compiled.maps(s.key))
    throw ConfigError(r.where(), "source '" + s.spec.name + "' maps none of the match_on keys (" + join(match_on, ", ") +
                                     "); map one of them or set 'key'");
  return s;
}

}  // namespace

Config load_config(const std::string& path) {
  Config cfg;
  cfg.file = path;
  cfg.base_dir = std::filesystem::absolute(path).parent_path();
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    if (!std::filesystem::exists(path)) throw ConfigError(path + ": config file not found");
    throw ConfigError(SourceLocation{path, static_cast<std::int64_t>(e.source().begin.line),
                                     static_cast<std::int64_t>(e.source().begin.column), ""},
                      std::string(e.description()));
  }
  TableReader r(root, cfg.file, "the top level");
  r.allow({"database", "report_dir", "directory", "source"});
  cfg.database = resolve(cfg.base_dir, r.string("database").value_or("usersync.db"));
  if (auto d = r.string("report_dir")) cfg.report_dir = resolve(cfg.base_dir, *d);

  if (const toml::table* d = r.table("directory")) {
    TableReader dr(*d, cfg.file, "[directory]");
    dr.allow({"path", "match_on", "delimiter", "encoding", "group_separator"});
    if (auto p = dr.string("path")) cfg.directory.path_as_written = *p, cfg.directory.path = resolve(cfg.base_dir, *p);
    if (auto m = dr.strings("match_on")) {
      if (m->empty()) throw ConfigError(dr.where(*d->get("match_on")), "match_on needs at least one attribute");
      cfg.directory.match_on = *m;
    }
    cfg.directory.delimiter = dr.delimiter("delimiter");
    cfg.directory.encoding = dr.encoding("encoding");
    cfg.directory.group_separator = dr.string("group_separator").value_or(";");
  }

  const toml::node* src = root.get("source");
  if (!src || !src->is_array_of_tables() || src->as_array()->empty())
    throw ConfigError(src ? r.where(*src) : SourceLocation{path, 0, 0, ""},
                      "the config needs at least one [[source]] table");
  std::set<std::string> names;
  for (const auto& node : *src->as_array()) {
    auto s = read_source(*node.as_table(), cfg, cfg.directory.match_on);
    if (!names.insert(s.spec.name).second)
      throw ConfigError(s.where, "duplicate source name '" + s.spec.name + "'; every source needs its own name");
    cfg.sources.push_back(std::move(s));
  }
  return cfg;
}

}  // namespace usersync
