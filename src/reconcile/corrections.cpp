#include "corrections.h"

#include <algorithm>
#include <unordered_map>

#include "model/identity.h"
#include "model/text.h"

namespace usersync {

namespace {

bool member(const DesiredUser& p, const std::string& group) {
  if (!p.groups) return false;
  for (const auto& g : *p.groups)
    if (iequals(g, group)) return true;
  return false;
}

CorrectionOutcome outcome(const Correction& c, std::string state, std::optional<std::string> now = std::nullopt) {
  return {c.id, c.username, std::string(to_string(c.kind)), c.attribute, std::move(state), c.baseline, std::move(now),
          c.value};
}

}  // namespace

std::vector<std::string> wanted_groups(const DesiredUser& p, const std::vector<std::string>& have) {
  std::vector<std::string> want = p.groups ? *p.groups : have;
  for (const auto& [key, edit] : p.extras.get().group_edits) {
    const std::string& name = std::get<0>(edit);  // not a structured binding: clang 14 cannot capture one
    const bool add = std::get<1>(edit);
    auto at = std::find_if(want.begin(), want.end(), [&](const auto& g) { return iequals(g, name); });
    if (add && at == want.end()) want.push_back(name);
    if (!add && at != want.end()) want.erase(at);
  }
  return want;
}

std::optional<std::string> source_value(const DesiredUser& p, const Correction& c) {
  switch (c.kind) {
    case CorrectionKind::group_add:
    case CorrectionKind::group_remove:
      // A source that maps no groups says nothing of them; one that does says member or not.
      if (!p.groups) return std::nullopt;
      return member(p, c.attribute) ? "member" : "";
    case CorrectionKind::set:
      if (c.attribute == attr::active) return p.active ? std::optional(*p.active ? "true" : "false") : std::nullopt;
      if (const std::string* v = p.attrs.find(c.attribute)) return *v;
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

std::vector<CorrectionOutcome> apply_corrections(std::vector<DesiredUser>& people,
                                                 const std::vector<Correction>& corrections, Timestamp now) {
  std::vector<CorrectionOutcome> out;
  if (corrections.empty()) return out;
  std::unordered_map<std::string, std::size_t> by_name;
  for (std::size_t i = 0; i < people.size(); ++i)
    if (!people[i].username.empty()) by_name.emplace(fold_case(people[i].username), i);
  // What the sources said before any correction, for everyone a correction names: the three-way
  // comparison is against them, never against an earlier correction (a deleted row's inactive).
  std::unordered_map<std::size_t, DesiredUser> before;
  for (const auto& c : corrections)
    if (auto it = by_name.find(fold_case(c.username)); it != by_name.end())
      before.try_emplace(it->second, people[it->second]);
  auto source_of = [&](std::size_t i) -> const DesiredUser& { return before.at(i); };
  for (const auto& c : corrections) {
    auto key = fold_case(c.username);
    auto it = by_name.find(key);
    if (!c.expires.empty()) {
      auto until = Timestamp::parse(c.expires);
      if (until && *until <= now) {
        auto note = outcome(c, "expired");
        if (it != by_name.end()) people[it->second].extras.set().correction_notes.push_back(note);
        out.push_back(std::move(note));
        continue;
      }
    }
    if (c.kind == CorrectionKind::create) {
      if (it == by_name.end()) {
        DesiredUser fresh;
        fresh.username = c.username;
        fresh.active = true;
        fresh.from_correction = true;
        fresh.extras.set().corrected["@create"] = c.id;
        it = by_name.emplace(key, people.size()).first;
        people.push_back(std::move(fresh));
      }
      auto note = outcome(c, "applied");
      people[it->second].extras.set().correction_notes.push_back(note);
      out.push_back(std::move(note));
      continue;
    }
    if (it == by_name.end()) {
      out.push_back(outcome(c, "no_user"));
      continue;
    }
    DesiredUser& p = people[it->second];
    if (c.kind == CorrectionKind::deprovision) {
      p.active = false;
      p.extras.set().corrected[attr::active] = c.id;
      auto note = outcome(c, "applied");
      p.extras.set().correction_notes.push_back(note);
      out.push_back(std::move(note));
      continue;
    }
    auto said = p.from_correction && p.sources.empty() ? std::nullopt : source_value(source_of(it->second), c);
    // A group the sources do not map counts as "not a member" on both sides.
    bool group = c.kind == CorrectionKind::group_add || c.kind == CorrectionKind::group_remove;
    auto base = c.baseline;
    if (group) {
      if (!said) said = "";
      if (!base) base = "";
    }
    // The sources changed the value since the export, to something else than the correction
    // says: the admin decides. (Changed to what the correction says: nothing to decide.)
    if (said != base && said != c.value) {
      p.extras.set().held.insert(group ? "group:" + fold_case(c.attribute) : c.attribute);
      auto note = outcome(c, "conflict", said);
      p.extras.set().correction_notes.push_back(note);
      out.push_back(std::move(note));
      continue;
    }
    if (c.kind == CorrectionKind::set) {
      if (c.attribute == attr::active) {
        p.active = parse_bool(c.value).value_or(true);
      } else {
        p.attrs.set(c.attribute, c.value);
      }
      p.extras.set().corrected[c.attribute] = c.id;
    } else {
      p.extras.set().group_edits[fold_case(c.attribute)] = {c.attribute, c.kind == CorrectionKind::group_add, c.id};
    }
    auto note = outcome(c, "applied");
    p.extras.set().correction_notes.push_back(note);
    out.push_back(std::move(note));
  }
  return out;
}

}  // namespace usersync
