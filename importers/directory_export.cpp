#include "directory_export.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "csv_importer.h"
#include "model/text.h"

namespace usersync {

namespace {

class DirectorySink : public RecordSink {
 public:
  DirectorySink(const DirectoryExportSpec& spec, DirectoryState& out) : spec_(spec), out_(out) {}

  void header(const Header& h) override {
    if (!h.index(attr::username))
      throw InputError(SourceLocation{spec_.path, 1, 1, ""},
                       "the directory export has no 'username' column; its columns are: " + join(h.names(), ", "));
  }

  void record(const Record& rec) override {
    DirectoryUser u;
    const auto& names = rec.header->names();
    for (std::size_t i = 0; i < names.size(); ++i) {
      auto name = ascii_lower(names[i]);
      std::string value(trim(rec.values[i]));
      if (name == attr::username) {
        u.username = value;
      } else if (name == attr::active) {
        auto b = value.empty() ? std::optional(true) : parse_bool(value);
        if (!b)
          throw InputError(rec.location(names[i]),
                           "'" + value + "' is not a valid value for active; expected true or false");
        u.active = *b;
      } else if (name == attr::groups) {
        u.groups = split_list(value, spec_.group_separator);
      } else if (name == "created" && !value.empty()) {
        auto t = Timestamp::parse(value);
        if (!t)
          throw InputError(rec.location(names[i]), "'" + value +
                                                       "' is not a valid created date; expected an ISO 8601 date "
                                                       "such as 2026-11-22 or 2026-11-22T09:00:00Z");
        u.attrs.set("created", t->iso());
      } else if (name == attr::last_login) {
        if (value.empty()) continue;
        u.last_login = Timestamp::parse(value);
        if (!u.last_login)
          throw InputError(rec.location(names[i]), "'" + value +
                                                       "' is not a valid last_login; expected an ISO 8601 date "
                                                       "such as 2026-11-22 or 2026-11-22T09:00:00Z");
        u.attrs.set(attr::last_login, u.last_login->iso());
      } else if (!value.empty()) {
        u.attrs.set(name, value);
      }
    }
    if (u.username.empty())
      throw InputError(rec.location(attr::username), "empty username; every directory user needs one");
    auto key = fold_case(u.username);
    auto [it, fresh] = seen_.emplace(key, rec.line);
    if (!fresh)
      throw InputError(rec.location(attr::username), "duplicate username '" + u.username + "'; line " +
                                                         std::to_string(it->second) + " has it already");
    for (const auto& g : u.groups) groups_.emplace(fold_case(g), g);
    sort_unique_folded(u.groups);
    out_.users.push_back(std::move(u));
  }

  void finish() {
    for (const auto& [key, name] : groups_) out_.groups.push_back({0, name, false});
    std::sort(out_.users.begin(), out_.users.end(),
              [](const auto& a, const auto& b) { return fold_case(a.username) < fold_case(b.username); });
  }

 private:
  const DirectoryExportSpec& spec_;
  DirectoryState& out_;
  std::unordered_map<std::string, std::int64_t> seen_;
  std::map<std::string, std::string> groups_;
};

}  // namespace

DirectoryState read_directory_export(const DirectoryExportSpec& spec) {
  DirectoryState state;
  DirectorySink sink(spec, state);
  SourceSpec source{"directory", "csv", spec.path, spec.delimiter, spec.encoding, spec.lenient_quotes};
  CsvImporter().read(source, sink);
  sink.finish();
  return state;
}

}  // namespace usersync
