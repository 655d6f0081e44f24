#include "attribute_names.h"

#include <algorithm>
#include <filesystem>
#include <utility>

#include "importers/csv_importer.h"
#include "model/identity.h"
#include "model/text.h"
#include "rules/presets.h"

namespace usersync {

namespace {

/// Takes the header row and stops the import there.
class HeaderSink : public RecordSink {
 public:
  struct Done {};
  void header(const Header& h, const SourceLocation&) override {
    names = h.names();
    throw Done{};
  }
  void user(const Record& /*record*/) override {}
  std::vector<std::string> names;
};

class KnownAttributes {
 public:
  void add(std::string name) {
    if (!name.empty() && !has(name)) names_.push_back(std::move(name));
  }
  bool has(const std::string& name) const { return std::find(names_.begin(), names_.end(), name) != names_.end(); }
  /// Why `name` is not known; `subject` says what names it: "mapping target 'x'".
  std::string unknown(const std::string& name, const std::string& subject) const {
    auto hint = closest_match(name, names_);
    return subject + " is not an attribute of the directory" + (hint ? "; did you mean '" + *hint + "'?" : ".") +
           " Known attributes: " + join(names_, ", ") + "; declare extra attributes in [directory] attributes";
  }

 private:
  std::vector<std::string> names_;  // in the order messages list them
};

/// Checks names where the TOML tree has them and keeps the error that comes first in the file:
/// tables iterate in key order, not in file order.
class Checker {
 public:
  Checker(const KnownAttributes& known, const std::string& file) : known_(known), file_(file) {}

  /// A string value naming an attribute; other types are reported by the section's reader.
  void value(const toml::node* n, const std::string& what) {
    if (n && n->is_string()) name(n->as_string()->get(), what, n->source());
  }
  void name(const std::string& attribute, const std::string& what, const toml::source_region& at) {
    if (known_.has(attribute)) return;
    Position pos{at.begin.line, at.begin.column};
    if (first_ && !(pos < first_->first)) return;
    SourceLocation where{file_, static_cast<std::int64_t>(pos.first), static_cast<std::int64_t>(pos.second), ""};
    first_.emplace(pos, ConfigError(where, known_.unknown(attribute, what + " '" + attribute + "'")));
  }
  /// `when = { attribute = "…" }`
  void condition(const toml::node* when) {
    if (const toml::table* t = when ? when->as_table() : nullptr) value(t->get("attribute"), "condition attribute");
  }
  void mapping(const toml::table& m) {
    for (auto&& [k, v] : m) {
      name(std::string(k.str()), "mapping target", k.source().begin.line ? k.source() : v.source());
      if (const toml::table* t = v.as_table()) condition(t->get("when"));
      if (const toml::array* list = v.as_array())
        for (const auto& item : *list)
          if (const toml::table* t = item.as_table()) condition(t->get("when"));
    }
  }
  void report() const {
    if (first_) throw first_->second;
  }

 private:
  using Position = std::pair<toml::source_index, toml::source_index>;  // line, column
  const KnownAttributes& known_;
  const std::string& file_;
  std::optional<std::pair<Position, ConfigError>> first_;
};

/// The tables of an array of tables, or none.
std::vector<const toml::table*> tables(const toml::node* n) {
  std::vector<const toml::table*> out;
  if (const toml::array* a = n ? n->as_array() : nullptr)
    for (const auto& item : *a)
      if (const toml::table* t = item.as_table()) out.push_back(t);
  return out;
}

}  // namespace

std::optional<std::vector<std::string>> directory_columns(const DirectoryConfig& directory) {
  std::error_code ec;
  // Only a regular file: a FIFO or device would block or never end.
  if (directory.path.empty() || !std::filesystem::is_regular_file(directory.path, ec)) return std::nullopt;
  HeaderSink sink;
  try {
    CsvImporter().read(directory.spec(), sink);
  } catch (const HeaderSink::Done&) {
    std::vector<std::string> names;
    for (const auto& n : sink.names) names.push_back(ascii_lower(n));  // as the export reader reads them
    return names;
  } catch (const std::exception&) {
    // unreadable, empty, bad header: the run reports the file, with its location
  }
  return std::nullopt;
}

void check_attribute_names(const toml::table& root, const Config& cfg) {
  KnownAttributes known;
  for (const char* a : attr::builtin) known.add(a);
  if (cfg.directory.mapped()) {
    // A mapped export's columns are fields, not attributes: its mapping names the attributes.
    for (const auto& e : cfg.directory.mapping) known.add(e.target);
  } else {
    auto columns = directory_columns(cfg.directory);
    if (!columns && !cfg.directory.path.empty()) return;
    for (auto& c : columns.value_or(std::vector<std::string>{})) known.add(std::move(c));
  }
  for (const auto& a : cfg.directory.attributes) known.add(a);
  const auto sources = tables(root.get("source"));
  for (const toml::table* s : sources)
    if (const toml::node* p = s->get("preset")) {
      const Preset* preset = p->is_string() ? find_preset(p->as_string()->get()) : nullptr;
      if (!preset) return;
      for (const auto& [target, text] : preset->mapping) known.add(std::string(target));
    }

  Checker check(known, cfg.file);
  if (const toml::table* d = root["directory"].as_table())
    if (const toml::array* m = (*d)["match_on"].as_array())
      for (const auto& item : *m) check.value(&item, "match_on attribute");
  for (const toml::table* s : sources) {
    if (const toml::table* m = (*s)["mapping"].as_table()) check.mapping(*m);
    if (const toml::table* ap = (*s)["attribute_priority"].as_table())
      for (auto&& [k, v] : *ap)
        check.name(std::string(k.str()), "attribute_priority attribute",
                   k.source().begin.line ? k.source() : v.source());
    check.value(s->get("key"), "key");
  }
  for (const toml::table* r : tables(root.get("rule"))) {
    check.value(r->get("attribute"), "[[rule]] attribute");
    check.condition(r->get("when"));
  }
  if (const toml::table* nm = root["no_match"].as_table())
    for (auto&& [k, v] : *nm)
      check.name(std::string(k.str()), "[no_match] attribute", k.source().begin.line ? k.source() : v.source());
  check.report();
}

}  // namespace usersync
