#include "config.h"

#include <arpa/inet.h>
#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <set>

#include "attribute_names.h"
#include "config_sections.h"
#include "importers/registry.h"
#include "importers/source_files.h"
#include "model/checksum.h"
#include "model/identity.h"
#include "model/text.h"
#include "rules/presets.h"
#include "table_reader.h"
#include "target/scim_codec.h"

namespace usersync {

std::optional<std::string> report_formats_error(const std::vector<std::string>& formats) {
  static const std::vector<std::string> known{"json", "xlsx", "html"};
  for (const auto& f : formats)
    if (std::find(known.begin(), known.end(), f) == known.end())
      return "unknown report format '" + f + "'; known formats: " + join(known, ", ");
  if (std::find(formats.begin(), formats.end(), "json") == formats.end())
    return "report formats must include \"json\": summary.json, users.jsonl and the change files are what "
           "scripts, `usersync report` and the other formats are read from";
  return std::nullopt;
}

namespace {

std::string resolve(const std::filesystem::path& base, const std::string& p) {
  std::filesystem::path path(p);
  return (path.is_absolute() ? path : base / path).lexically_normal().string();
}

/// One [source.mapping] value: a field or template, a table { template, when }, or a list of
/// such tables tried in order.
void read_mapping_value(const std::string& target, const toml::node& v, const TableReader& mr,
                        std::vector<MappingEntry>& out) {
  auto one_table = [&](const toml::table& t) {
    TableReader r(t, mr.file(), "mapping for '" + target + "'");
    r.allow({"template", "field", "when"});
    auto text = r.string("template");
    auto field = r.string("field");
    if (!text == !field)
      throw ConfigError(r.where(), "mapping for '" + target + "' needs either 'template' or 'field'");
    SourceLocation at = r.where(*t.get(text ? "template" : "field"));
    out.push_back({target, text ? *text : *field, at, r.condition("when"), text.has_value()});
  };
  if (v.is_string()) {
    out.push_back({target, v.as_string()->get(), mr.where(v), std::nullopt});
  } else if (v.is_table()) {
    one_table(*v.as_table());
  } else if (v.is_array_of_tables()) {
    for (const auto& item : *v.as_array()) one_table(*item.as_table());
  } else {
    throw ConfigError(mr.where(v), "mapping for '" + target + "' must be a string, a table or a list of tables");
  }
}

/// The preset a table names, or nullptr; ConfigError for an unknown one.
const Preset* read_preset(const TableReader& r, const toml::table& t) {
  auto p = r.string("preset");
  if (!p) return nullptr;
  const Preset* preset = find_preset(*p);
  if (!preset) {
    std::vector<std::string> names;
    for (const auto& row : preset_table()) names.emplace_back(row.name);
    throw ConfigError(r.where(*t.get("preset")), "unknown preset '" + *p + "'; known presets: " + join(names, ", "));
  }
  return preset;
}

/// The format a table names (else the preset's, else csv), checked against the importer table.
std::string read_format(const TableReader& r, const toml::table& t, const Preset* preset, const std::string& owner) {
  auto format = r.string("format").value_or(preset ? std::string(preset->format) : "csv");
  if (!find_importer(format)) {
    std::vector<std::string> formats;
    for (const auto& row : importer_table()) formats.emplace_back(row.format);
    throw ConfigError(r.where(*t.get("format")),
                      "unknown format '" + format + "' for " + owner + "; known formats: " + join(formats, ", "));
  }
  return format;
}

/// The mapping of a source or of the directory: the preset's entries that the table does not
/// override, then the table's own in file order.
std::vector<MappingEntry> read_mapping(const toml::table* m, const Preset* preset, const std::string& file,
                                       const std::string& table_name) {
  std::vector<MappingEntry> own, out;
  if (m) {
    TableReader mr(*m, file, table_name);
    for (auto&& [k, v] : *m) read_mapping_value(std::string(k.str()), v, mr, own);
    std::stable_sort(own.begin(), own.end(), [](const auto& a, const auto& b) { return a.where.line < b.where.line; });
  }
  if (preset)
    for (const auto& [target, text] : preset->mapping) {
      bool overridden = std::any_of(own.begin(), own.end(), [&, &t = target](const auto& e) { return e.target == t; });
      if (!overridden)
        out.push_back({std::string(target), std::string(text), SourceLocation{file, 0, 0, ""}, std::nullopt});
    }
  out.insert(out.end(), own.begin(), own.end());
  return out;
}

/// The options a format declares (registry.h), as a source or the directory sets them.
void read_format_options(const TableReader& r, const toml::table& t, const ImporterInfo& format, SourceSpec& spec) {
  for (const auto& o : format.options) {
    std::string name(o.name);
    if (name == "delimiter") {
      spec.delimiter = r.delimiter("delimiter");
    } else if (name == "encoding") {
      spec.encoding = r.encoding("encoding");
    } else if (name == "lenient_quotes") {
      spec.lenient_quotes = r.boolean("lenient_quotes").value_or(false);
    } else if (o.list) {
      if (auto values = r.strings(name.c_str())) spec.options[name] = *values;
    } else if (!o.choices.empty() && t.get(name)) {
      spec.options[name] = {r.one_of(name.c_str(), split_list(o.choices, "|"), "")};
    } else if (t.get(name) && t.get(name)->is_integer()) {
      // A number (header_row = 3, sheet = 2) is kept as its text; the importer checks its range.
      spec.options[name] = {std::to_string(*r.integer(name.c_str()))};
    } else if (auto value = r.string(name.c_str())) {
      spec.options[name] = {*value};
    }
  }
}

SourceConfig read_source(const toml::table& t, const Config& cfg, const std::vector<std::string>& match_on) {
  TableReader r(t, cfg.file, "[[source]]");
  SourceConfig s;
  s.where = r.where();
  const Preset* preset = read_preset(r, t);
  s.spec.format = read_format(r, t, preset, "source '" + r.string("name").value_or("?") + "'");
  // A dump format is also the name of its preset: `format = "okta"` alone maps the whole dump.
  if (!preset && s.spec.format != "csv") preset = find_preset(s.spec.format);
  if (preset) s.preset = preset->name;
  // The keys every source has, then the options its format declares (registry.h).
  const ImporterInfo& format = *find_importer(s.spec.format);
  std::vector<std::string> keys{"name",    "format", "path", "priority",           "group_separator", "key",
                                "mapping", "preset", "role", "attribute_priority", "crosswalk"};
  for (const auto& o : format.options) keys.emplace_back(o.name);
  r.allow(keys);
  s.spec.name = r.required_string("name");
  s.path_as_written = r.required_string("path");
  s.spec.path = resolve(cfg.base_dir, s.path_as_written);
  s.priority = static_cast<std::int32_t>(r.integer("priority").value_or(1));
  s.retiring = r.one_of("role", {"active", "retiring"}, "active") == "retiring";
  if (const toml::table* ap = r.table("attribute_priority")) {
    TableReader ar(*ap, cfg.file, "[source.attribute_priority]");
    auto priorities = std::make_shared<std::map<std::string, std::int32_t>>();
    for (auto&& [k, v] : *ap) {
      std::string attribute(k.str());
      // The username, active and groups are merged by their own rules (priority, a retiring
      // source's, the union of groups): a per-attribute priority would silently do nothing.
      if (attribute == attr::username || attribute == attr::active || attribute == attr::groups)
        throw ConfigError(ar.where(v), "attribute_priority cannot change how '" + attribute +
                                           "' is merged; it applies to the other attributes");
      (*priorities)[attribute] = static_cast<std::int32_t>(ar.integer(attribute.c_str()).value_or(1));
    }
    s.attribute_priority = std::move(priorities);
  }
  if (auto crosswalk = r.string("crosswalk")) {
    s.crosswalk_as_written = *crosswalk;
    s.crosswalk = resolve(cfg.base_dir, *crosswalk);
  }
  read_format_options(r, t, format, s.spec);
  s.mapping_options.group_separator =
      r.string("group_separator").value_or(preset ? std::string(preset->group_separator) : ";");
  s.mapping_options.source = s.spec.name;
  const toml::table* m = r.table("mapping");
  if ((!m || m->empty()) && !preset)
    throw ConfigError(r.where(), "source '" + s.spec.name + "' needs a [source.mapping] table or a preset");
  s.mapping = read_mapping(m, preset, cfg.file, "[source.mapping]");
  // Compile now, so template errors point at the config, not at a data row.
  Mapping compiled(s.mapping, s.mapping_options);
  if (!compiled.maps(attr::username))
    throw ConfigError(m ? r.where(*m) : r.where(), "source '" + s.spec.name + "' must map 'username'");
  if (auto key = r.string("key")) {
    s.key = *key;
  } else if (format.memberships) {
    // A dump's records have the provider's id; what must be there and unique is the username
    // (an employee id is optional in every IdP).
    s.key = attr::username;
  } else {
    for (const auto& k : match_on)
      if (compiled.maps(k)) {
        s.key = k;
        break;
      }
  }
  if (t.get("key") && !compiled.maps(s.key))
    throw ConfigError(r.where(*t.get("key")),
                      "source '" + s.spec.name + "' has key '" + s.key + "', which its mapping does not map");
  if (s.key.empty() || !compiled.maps(s.key))
    throw ConfigError(r.where(), "source '" + s.spec.name + "' maps none of the match_on keys (" +
                                     join(match_on, ", ") + "); map one of them or set 'key'");
  return s;
}

/// True for a URL whose host is this machine: the only place plain http may carry a token.
/// A name is not enough ("127.evil.example" resolves anywhere): localhost, [::1] or a literal
/// address in 127.0.0.0/8.
bool loopback(const std::string& url) {
  auto rest = url.substr(url.find("://") + 3);
  auto host = rest.substr(0, rest.find_first_of("/?#"));
  if (!host.empty() && host.front() == '[') return host.substr(0, host.find(']') + 1) == "[::1]";
  host = host.substr(0, host.find(':'));
  in_addr address{};
  return host == "localhost" ||
         (inet_pton(AF_INET, host.c_str(), &address) == 1 && (ntohl(address.s_addr) >> 24) == 127);
}

void read_target(const TableReader& r, Config& cfg) {
  const toml::table* t = r.table("target");
  if (!t) return;
  TableReader tr(*t, cfg.file, "[target]");
  tr.allow({"type", "url", "token_env", "token_file", "ca_file", "timeout", "rate_limit", "retries", "page_size"});
  cfg.target.where = tr.where();
  cfg.target.type = tr.one_of("type", {"embedded", "scim"}, "embedded");
  if (!cfg.target.remote()) {
    for (const char* key :
         {"url", "token_env", "token_file", "ca_file", "timeout", "rate_limit", "retries", "page_size"})
      if (const toml::node* n = t->get(key))
        throw ConfigError(tr.where(*n), std::string("'") + key +
                                            "' is a setting of a remote target; the embedded target has none "
                                            "(set type = \"scim\" to use it)");
    return;
  }
  auto& s = cfg.target.scim;
  s.url = tr.required_string("url");
  const toml::node& url_node = *t->get("url");
  bool https = s.url.rfind("https://", 0) == 0;
  if (!https && s.url.rfind("http://", 0) != 0)
    throw ConfigError(tr.where(url_node), "url '" + s.url + "' is not an http(s) URL; expected https://host/scim/v2");
  if (!https && !loopback(s.url))
    throw ConfigError(tr.where(url_node), "url '" + s.url +
                                              "' would send the token unencrypted; use https:// (plain http is "
                                              "allowed only to localhost)");
  auto authority = s.url.substr(s.url.find("://") + 3);
  if (authority.substr(0, authority.find('/')).find('@') != std::string::npos)
    throw ConfigError(tr.where(url_node),
                      "the url must not hold credentials; put the token in token_env or token_file");
  auto env = tr.string("token_env");
  auto file = tr.string("token_file");
  if (env.has_value() == file.has_value())
    throw ConfigError(tr.where(), env ? "give token_env or token_file, not both"
                                      : "a scim target needs token_env (the name of an environment variable "
                                        "holding the bearer token) or token_file; the token itself never goes "
                                        "in the config");
  if (env) s.token_env = *env;
  if (file) s.token_file = resolve(cfg.base_dir, *file);
  if (auto ca = tr.string("ca_file")) {
    s.ca_file = resolve(cfg.base_dir, *ca);
    if (!std::ifstream(s.ca_file))
      throw ConfigError(tr.where(*t->get("ca_file")), "ca_file " + s.ca_file + " cannot be read");
  }
  s.timeout_seconds = tr.number("timeout", 1, 3600).value_or(30);
  s.rate_limit = tr.number("rate_limit", 0, 10000).value_or(0);
  auto retries = tr.integer("retries", 0).value_or(4);
  if (retries > 20) throw ConfigError(tr.where(*t->get("retries")), "retries must be at most 20");
  s.max_attempts = static_cast<int>(retries) + 1;
  s.page_size = tr.integer("page_size", 1).value_or(100);
  if (s.page_size > 10000) throw ConfigError(tr.where(*t->get("page_size")), "page_size must be at most 10000");
  const auto held = scim_attributes();
  for (const auto& a : cfg.directory.attributes)
    if (std::find(held.begin(), held.end(), a) == held.end())
      throw ConfigError(cfg.directory.where, "[directory] attributes names '" + a +
                                                 "', which a SCIM target has no place for; it holds " +
                                                 join(held, ", "));
  if (!cfg.directory.path.empty())
    throw ConfigError(tr.where(),
                      "a scim target is read as the directory at every run; remove [directory] path "
                      "(" +
                          cfg.directory.path_as_written + "), or use an export with type = \"embedded\"");
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
  r.allow({"database", "report_dir", "report_formats", "directory", "target", "source", "rule", "no_match", "groups", "filters",
           "protect", "policies", "guards", "switches", "run"});
  cfg.database = resolve(cfg.base_dir, r.string("database").value_or("usersync.db"));
  if (auto d = r.string("report_dir")) cfg.report_dir = resolve(cfg.base_dir, *d);
  if (auto formats = r.strings("report_formats")) {
    if (auto error = report_formats_error(*formats)) throw ConfigError(r.where(*root.get("report_formats")), *error);
    cfg.report_formats = *formats;
  }
  if (const toml::table* run = r.table("run")) {
    TableReader rr(*run, cfg.file, "[run]");
    rr.allow({"strict"});
    cfg.strict = rr.boolean("strict").value_or(false);
  }

  if (const toml::table* d = r.table("directory")) {
    TableReader dr(*d, cfg.file, "[directory]");
    cfg.directory.where = dr.where();
    if (auto p = dr.string("path")) cfg.directory.path_as_written = *p, cfg.directory.path = resolve(cfg.base_dir, *p);
    const Preset* preset = read_preset(dr, *d);
    cfg.directory.format = read_format(dr, *d, preset, "the directory");
    const ImporterInfo& format = *find_importer(cfg.directory.format);
    std::vector<std::string> keys{"path", "format", "preset", "mapping", "match_on", "attributes", "group_separator"};
    for (const auto& o : format.options) keys.emplace_back(o.name);
    dr.allow(keys);
    SourceSpec options;
    read_format_options(dr, *d, format, options);
    cfg.directory.delimiter = options.delimiter;
    cfg.directory.encoding = options.encoding;
    cfg.directory.lenient_quotes = options.lenient_quotes;
    cfg.directory.options = std::move(options.options);
    // A dump of the application's own directory (its SCIM pages, an LDIF) reads like a source.
    if (!preset && cfg.directory.format != "csv") preset = find_preset(cfg.directory.format);
    if (preset) cfg.directory.preset = preset->name;
    const toml::table* m = dr.table("mapping");
    cfg.directory.mapping = read_mapping(m, preset, cfg.file, "[directory.mapping]");
    if (cfg.directory.mapped() && !cfg.directory_mapping().maps(attr::username))
      throw ConfigError(m ? dr.where(*m) : dr.where(), "the directory's mapping must map 'username'");
    if (auto m = dr.strings("match_on")) {
      if (m->empty()) throw ConfigError(dr.where(*d->get("match_on")), "match_on needs at least one attribute");
      cfg.directory.match_on = *m;
    }
    cfg.directory.attributes = dr.strings("attributes").value_or(std::vector<std::string>{});
    for (std::size_t i = 0; i < cfg.directory.attributes.size(); ++i)
      if (const auto& a = cfg.directory.attributes[i]; a.empty() || trim(a) != a)
        throw ConfigError(dr.where(*d->get("attributes")->as_array()->get(i)),
                          "'" + a +
                              "' in [directory] attributes is not an attribute name; expected a name without "
                              "surrounding spaces");
    cfg.directory.group_separator =
        dr.string("group_separator").value_or(preset ? std::string(preset->group_separator) : ";");
  }

  read_target(r, cfg);

  const toml::node* src = root.get("source");
  if (!src || !src->is_array_of_tables() || src->as_array()->empty())
    throw ConfigError(src ? r.where(*src) : SourceLocation{path, 0, 0, ""},
                      "the config needs at least one [[source]] table");
  check_attribute_names(root, cfg);
  cfg.reconcile.match_on = cfg.directory.match_on;
  read_rules(root, cfg);
  read_policies(root, cfg);
  std::set<std::string> names;
  for (const auto& node : *src->as_array()) {
    auto s = read_source(*node.as_table(), cfg, cfg.directory.match_on);
    if (!names.insert(s.spec.name).second)
      throw ConfigError(s.where, "duplicate source name '" + s.spec.name + "'; every source needs its own name");
    cfg.sources.push_back(std::move(s));
  }
  for (const auto& rule : cfg.rules)
    if (rule.when && !rule.when->source.empty() && !names.count(rule.when->source))
      throw ConfigError(rule.when->where,
                        "condition names source '" + rule.when->source + "', which the config does not have");
  return cfg;
}

std::string Config::mapping_fingerprint(const SourceConfig& s) const {
  Sha256 h;
  auto add = [&](std::string_view part) {
    h.update(part);
    h.update(std::string_view("\0", 1));
  };
  auto add_condition = [&](const std::optional<ConditionSpec>& c) {
    if (!c) return add("-");
    for (const auto& v : {c->field, c->attribute, c->equals.value_or("\x01"), c->not_equals.value_or("\x01"),
                          c->matches.value_or("\x01"), c->in_group, c->source})
      add(v);
  };
  add(USERSYNC_VERSION);
  add(s.spec.format);
  add(s.spec.delimiter ? std::string(1, *s.spec.delimiter) : "auto");
  add(s.spec.encoding);
  add(s.spec.lenient_quotes ? "lenient_quotes" : "strict_quotes");
  for (const auto& [name, values] : s.spec.options) {
    add(name);
    for (const auto& v : values) add(v);
    add("\x01");
  }
  add(s.mapping_options.group_separator);
  add(s.key);
  for (const auto& e : s.mapping) {
    add(e.target);
    add(e.text);
    add(e.is_template ? "t" : "f");
    add_condition(e.when);
  }
  for (const auto& r : rules) {
    add(r.attribute);
    add(r.match);
    add(r.replace.value_or("\x01"));
    add(r.case_insensitive ? "i" : "-");
    add(r.global ? "g" : "-");
    add_condition(r.when);
  }
  for (const auto& [attribute, policy] : no_match) {
    add(attribute);
    add(std::to_string(static_cast<int>(policy)));
  }
  return "sha256:" + h.hex_digest();
}

SourceSpec DirectoryConfig::spec() const {
  SourceSpec s{"directory", format, path, delimiter, encoding};
  s.lenient_quotes = lenient_quotes;
  s.options = options;
  return s;
}

Mapping Config::directory_mapping() const {
  // The directory's mapping has no regex rules: [[rule]] shapes what the sources say.
  return Mapping(directory.mapping, MappingOptions{directory.group_separator, "directory"});
}

std::string Config::directory_fingerprint() const {
  auto spec = directory.spec();
  spec.files = files_for_format(spec);  // listed once: the checksum and the fingerprint share them
  auto checksum = sources_checksum(spec.path, spec.files);
  if (!directory.mapped()) return checksum;  // the same value as before mappings existed
  SourceConfig as_source;
  as_source.spec = spec;
  as_source.mapping = directory.mapping;
  as_source.mapping_options.group_separator = directory.group_separator;
  Config no_rules;
  Sha256 h;
  h.update(checksum);
  h.update(no_rules.mapping_fingerprint(as_source));
  return "sha256:" + h.hex_digest();
}

Mapping Config::mapping_for(const SourceConfig& source) const {
  return Mapping(source.mapping, source.mapping_options, Transforms(rules, no_match));
}

}  // namespace usersync
