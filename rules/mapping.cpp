#include "mapping.h"

#include <algorithm>
#include <stdexcept>

#include "model/text.h"
#include "regex.h"

namespace usersync {

Mapping::Mapping(const std::vector<MappingEntry>& entries, MappingOptions options, Transforms transforms)
    : options_(std::move(options)), transforms_(std::move(transforms)) {
  // Groups first, so that `in_group` conditions of other entries see them; then file order.
  std::vector<const MappingEntry*> ordered;
  for (const auto& e : entries)
    if (e.target == attr::groups) ordered.push_back(&e);
  for (const auto& e : entries)
    if (e.target != attr::groups) ordered.push_back(&e);
  for (const MappingEntry* entry : ordered) {
    const MappingEntry& e = *entry;
    auto plain = e.is_template ? Template::Plain::constant : Template::Plain::field;
    rules_.push_back({e.target, Template::parse(e.text, e.where, plain), e.where, std::nullopt});
    if (e.when) rules_.back().when.emplace(*e.when);
  }
}

bool Mapping::maps(std::string_view target) const {
  return std::any_of(rules_.begin(), rules_.end(), [&](const Rule& r) { return r.target == target; });
}

std::string Mapping::field_of(std::string_view target) const {
  for (const auto& r : rules_)
    if (r.target == target && !r.tmpl.fields().empty()) return r.tmpl.fields().front();
  return {};
}

std::vector<std::string> Mapping::fields() const {
  std::vector<std::string> out;
  for (const auto& r : rules_)
    for (const auto& f : r.tmpl.fields())
      if (std::find(out.begin(), out.end(), f) == out.end()) out.push_back(f);
  return out;
}

void Mapping::check_fields(const Header& header, const SourceLocation& at, const std::string& config_file) const {
  for (const auto& r : rules_) {
    auto where = "the mapping for '" + r.target + "' (" + config_file + ":" + std::to_string(r.where.line) + ") reads ";
    for (const auto& f : r.tmpl.fields()) {
      if (header.index(f)) continue;
      auto hint = closest_match(f, header.names());
      throw InputError(at, where + "field '" + f + "', which this file does not have" +
                                                           (hint ? "; did you mean '" + *hint + "'?" : ".") +
                                                           " The fields are: " + join(header.names(), ", "));
    }
    // fields('regex') may match no field: for an attribute that gives an empty value, which means
    // "this source does not say", so optional columns can be read that way. For groups it would mean
    // "in no group" and strip every managed membership, so there a pattern must match some field.
    if (r.target != attr::groups) continue;
    for (const auto& pattern : r.tmpl.field_patterns()) {
      const auto& names = header.names();
      if (std::any_of(names.begin(), names.end(), [&](const std::string& n) { return pattern->matches(n); })) continue;
      Regex folded(pattern->pattern(), true);
      bool case_only = std::any_of(names.begin(), names.end(), [&](const std::string& n) { return folded.matches(n); });
      throw InputError(at,
                       where + "fields('" + pattern->pattern() + "'), which matches no field of this file" +
                           (case_only ? "; names are matched case-sensitively, '(?i)' ignores case." : ".") +
                           " The fields are: " + join(names, ", "));
    }
  }
}

SourceUser Mapping::map(const Record& record) const {
  SourceUser user;
  std::vector<std::string> done;  // targets already set by an earlier entry whose condition held
  for (const auto& r : rules_) {
    if (std::find(done.begin(), done.end(), r.target) != done.end()) continue;
    Value value;
    try {
      if (r.when && !r.when->holds(record, user, options_.source)) continue;
      value = r.tmpl.render_value(record);
    } catch (const std::runtime_error& e) {
      user.errors.push_back(r.target + ": " + e.what());
      done.push_back(r.target);
      continue;
    }
    done.push_back(r.target);
    if (r.target == attr::groups) {
      std::vector<std::string> groups;
      for (const auto& item : value.items)
        for (auto& g : value.list ? std::vector<std::string>{std::string(trim(item))}
                                  : split_list(item, options_.group_separator))
          if (!g.empty()) groups.push_back(std::move(g));
      sort_unique_folded(groups);
      user.groups = std::move(groups);
      continue;
    }
    std::string text(trim(value.str()));
    if (r.target == attr::username) {
      user.username = text;
    } else if (r.target == attr::active) {
      if (text.empty()) continue;
      auto b = parse_bool(text);
      if (!b)
        throw InputError(record.location(field_of(r.target)),
                         "'" + text +
                             "' is not a valid value for active; expected true/false, yes/no, 1/0 or "
                             "active/inactive");
      user.active = b;
    } else if (!text.empty()) {
      user.attrs.set(r.target, std::move(text));
    }
  }
  user.ref.line = record.line;
  transforms_.apply(record, user, options_.source);
  return user;
}

}  // namespace usersync
