#include "mapping.h"

#include <algorithm>
#include <stdexcept>

#include "model/text.h"

namespace usersync {

Mapping::Mapping(const std::vector<MappingEntry>& entries, MappingOptions options) : options_(std::move(options)) {
  for (const auto& e : entries) rules_.push_back({e.target, Template::parse(e.text, e.where), e.where});
}

bool Mapping::maps(std::string_view target) const {
  return std::any_of(rules_.begin(), rules_.end(), [&](const Rule& r) { return r.target == target; });
}

std::string Mapping::field_of(std::string_view target) const {
  for (const auto& r : rules_)
    if (r.target == target && !r.tmpl.fields().empty()) return r.tmpl.fields().front();
  return {};
}

void Mapping::check_fields(const Header& header, const std::string& file, const std::string& config_file) const {
  for (const auto& r : rules_)
    for (const auto& f : r.tmpl.fields()) {
      if (header.index(f)) continue;
      auto hint = closest_match(f, header.names());
      throw InputError(SourceLocation{file, 1, 0, ""},
                       "the mapping for '" + r.target + "' (" + config_file + ":" + std::to_string(r.where.line) +
                           ") reads field '" + f + "', which this file does not have" +
                           (hint ? "; did you mean '" + *hint + "'?" : ".") + " The fields are: " +
                           join(header.names(), ", "));
    }
}

SourceUser Mapping::map(const Record& record) const {
  SourceUser user;
  FieldLookup lookup = [&](std::string_view name) { return record.get(name); };
  for (const auto& r : rules_) {
    std::string value;
    try {
      value = std::string(trim(r.tmpl.render(lookup)));
    } catch (const std::runtime_error& e) {
      throw InputError(record.location(field_of(r.target)), "cannot compute '" + r.target + "': " + e.what());
    }
    if (r.target == attr::username) {
      user.username = value;
    } else if (r.target == attr::active) {
      if (value.empty()) continue;
      auto b = parse_bool(value);
      if (!b)
        throw InputError(record.location(field_of(r.target)),
                         "'" + value + "' is not a valid value for active; expected true/false, yes/no, 1/0 or "
                         "active/inactive");
      user.active = b;
    } else if (r.target == attr::groups) {
      auto groups = split_list(value, options_.group_separator);
      std::sort(groups.begin(), groups.end(), [](const auto& a, const auto& b) { return fold_case(a) < fold_case(b); });
      groups.erase(std::unique(groups.begin(), groups.end(), [](const auto& a, const auto& b) { return iequals(a, b); }),
                   groups.end());
      user.groups = std::move(groups);
    } else if (!value.empty()) {
      user.attrs.set(r.target, std::move(value));
    }
  }
  user.ref.line = record.line;
  return user;
}

}  // namespace usersync
