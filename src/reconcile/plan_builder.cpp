// The builder's core: matching, creating, attribute and group changes, and the final ordering.
#include "plan_builder.h"

#include "corrections.h"
#include "reconciler.h"

namespace usersync::detail {

PlanBuilder::PlanBuilder(const DirectoryState& dir, const ReconcileOptions& o, GroupPolicy& groups, Timestamp now)
    : o_(o), groups_(groups), now_(now), dir_(dir), taken_(dir.users.size()), claimed_(dir.users.size()) {
  for (std::uint32_t i = 0; i < dir.users.size(); ++i) {
    const auto& name = dir.users[i].username;
    taken_.add(name, i, [&](std::uint32_t p) { return iequals(dir.users[p].username, name); });
  }
}

bool PlanBuilder::username_in_use(std::string_view name) const {
  auto hash = folded_hash(name);
  return !taken_.find(hash, [&](std::uint32_t i) { return iequals(dir_.users[i].username, name); }).empty() ||
         !claimed_.find(hash, [&](std::uint32_t i) { return iequals(seen_[i], name); }).empty();
}

void PlanBuilder::claim(const std::string& name) {
  claimed_.add(name, static_cast<std::uint32_t>(seen_.size()), [&](std::uint32_t i) { return iequals(seen_[i], name); });
  seen_.push_back(name);
}

void PlanBuilder::matched(const DesiredUser& p, DirectoryUser& d) {
  UserPlan u = start(p);
  u.origin = &d;
  u.after = snapshot(d);
  u.r.username = d.username;
  if (refused_up_front(u, p, d.username)) return;

  std::string name = p.username.empty() ? d.username : p.username;
  if (name != d.username) {
    if (!iequals(name, d.username) && username_in_use(name)) {
      u.r.action = "skipped";
      u.r.reasons = {reason::rename_conflict};
      u.r.errors.push_back("cannot rename '" + d.username + "' to '" + name +
                           "': that username belongs to another user");
      return keep(std::move(u), d.username);
    }
    if (!o_.switches.update) {
      u.reason(reason::update_disabled);
      name = d.username;
    } else {
      u.change({ChangeKind::user_rename, name, "", attr::username, d.username, name, {}, {reason::renamed_in_source}});
      u.r.changes.push_back({attr::username, d.username, name});
      u.reason(reason::renamed_in_source);
    }
  }
  claim(name);
  u.r.username = name;
  u.after.username = name;
  update_attributes(u, p, d);

  bool source_inactive = p.active && !*p.active;
  auto active_correction = correction_of(p, attr::active);
  if (p.extras.get().held.count(attr::active)) {
    // A correction of `active` waits as a conflict: the account stays as it is meanwhile.
  } else if (source_inactive && d.active) {
    deactivate(u, active_correction ? reason::manual_correction : reason::inactive_in_source, active_correction);
  } else if (!source_inactive && !d.active) {
    reactivate(u, d, active_correction);
  }
  // With strip_memberships, an inactive account holds no managed groups: do not hand them back.
  if ((p.groups || !p.extras.get().group_edits.empty()) && (u.after.active || !o_.missing.strip_memberships))
    sync_groups(u, d.groups, wanted_groups(p, d.groups), false, &p);
  check_inactivity(u, d, &p);
  finish(std::move(u));
}

void PlanBuilder::excluded(const DesiredUser& p) {
  UserPlan u = start(p);
  u.r.username = p.username.empty() ? p.sources.front().record_id : p.username;
  u.r.action = "skipped";
  u.r.reasons = {reason::not_in_required_groups};
  u.has_after = false;
  finish(std::move(u));
}

void PlanBuilder::unmatched_person(const DesiredUser& p) {
  UserPlan u = start(p);
  u.has_after = false;
  u.r.username = p.username.empty() ? p.sources.front().record_id : p.username;
  if (refused_up_front(u, p, "")) return;
  if (p.active && !*p.active) return skip(std::move(u), reason::inactive_in_source);
  if (p.username.empty()) {
    u.r.action = "error";
    u.r.reasons = {reason::no_username};
    u.r.errors.push_back("no username: the mapping gives this record an empty username");
    return finish(std::move(u));
  }
  if (username_in_use(p.username)) {
    u.r.action = "error";
    u.r.reasons = {reason::username_taken};
    u.r.errors.push_back("username '" + p.username +
                         "' already belongs to another user who does not correlate with "
                         "this record");
    return finish(std::move(u));
  }
  if (!o_.switches.create) return skip(std::move(u), reason::create_disabled);
  claim(p.username);
  Attributes attrs;
  for (const auto& [k, v] : p.attrs.entries())
    if (!v.empty() && !attr::is_account_fact(k)) attrs.set(k, v);
  // A new row of the corrections workbook is created because of the correction, not a source.
  const char* why = p.from_correction ? reason::manual_correction : reason::new_in_source;
  u.change({ChangeKind::user_create, p.username, "", "", std::nullopt, std::nullopt, attrs, {why}});
  u.r.action = "create";
  u.r.reasons = {why};
  u.has_after = true;
  u.after = UserSnapshot{p.username, attrs, true, {}};
  for (const auto& [k, v] : attrs.entries()) u.r.changes.push_back({k, std::nullopt, v, correction_of(p, k)});
  if (p.groups || !p.extras.get().group_edits.empty()) sync_groups(u, {}, wanted_groups(p, {}), true, &p);
  finish(std::move(u));
}

Plan PlanBuilder::build() {
  Plan plan;
  plan.seen_in_source = std::move(seen_);
  std::sort(plan.seen_in_source.begin(), plan.seen_in_source.end());
  for (const auto& [key, name] : new_groups_)
    plan.changes.push_back({ChangeKind::group_create, "", name, "", std::nullopt, name, {}, {reason::group_in_source}});
  std::vector<std::size_t> order(results_.size());
  std::vector<std::string> keys;
  keys.reserve(results_.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i, keys.push_back(fold_case(results_[i].username));
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return keys[a] != keys[b] ? keys[a] < keys[b] : results_[a].username < results_[b].username;
  });
  keys = {};
  for (auto i : order) {
    auto& changes = changes_[i];
    std::stable_sort(changes.begin(), changes.end(), [](const Change& a, const Change& b) { return a.kind < b.kind; });
    for (auto& c : changes) plan.changes.push_back(std::move(c));
    changes = {};
  }
  // The results move into username order in place, cycle by cycle: a second array of a million
  // results would double the plan's largest structure.
  std::vector<bool> placed(order.size(), false);
  for (std::size_t k = 0; k < order.size(); ++k) {
    if (placed[k]) continue;
    UserResult first = std::move(results_[k]);
    std::size_t at = k;
    for (;;) {
      placed[at] = true;
      std::size_t from = order[at];
      if (from == k) {
        results_[at] = std::move(first);
        break;
      }
      results_[at] = std::move(results_[from]);
      at = from;
    }
  }
  plan.results = std::move(results_);
  for (auto& [key, c] : conflicts_) {
    sort_folded(c.would_add);
    sort_folded(c.would_remove);
    plan.conflicts.push_back(std::move(c));
  }
  return plan;
}

UserPlan PlanBuilder::start(const DesiredUser& p) {
  UserPlan u;
  for (const auto& s : p.sources) u.r.sources.emplace_back(s.source, s.record_id);
  u.r.corrections = p.extras.get().correction_notes;
  return u;
}

bool PlanBuilder::refused_up_front(UserPlan& u, const DesiredUser& p, const std::string& directory_name) {
  bool matched = !directory_name.empty();
  auto hold = [&] {
    if (matched)
      keep(std::move(u), directory_name);
    else
      finish(std::move(u));
    return true;
  };
  if (any_match(o_.protected_users, matched ? directory_name : p.username) ||
      (!p.username.empty() && any_match(o_.protected_users, p.username))) {
    u.r.action = "skipped";
    u.r.reasons = {reason::protected_user};
    return hold();
  }
  if (!p.ambiguity.empty()) {
    u.r.action = "error";
    u.r.reasons = {reason::correlation_ambiguous};
    u.r.errors = {"correlation_ambiguous: " + p.ambiguity};
    return hold();
  }
  // A retiring source keeps its people as they are: it creates nobody and deprovisions nobody.
  if (p.retiring_only) {
    u.r.action = "skipped";
    u.r.reasons = {matched ? reason::kept_by_retiring_source : reason::retiring_source_only};
    return hold();
  }
  if (!p.errors.empty()) {
    u.r.action = "error";
    u.r.reasons = {reason::mapping_error};
    u.r.errors = p.errors;
    return hold();
  }
  if (p.skip) {
    u.r.action = "skipped";
    u.r.reasons = {reason::skipped_by_rule};
    u.r.reasons.insert(u.r.reasons.end(), p.reasons.begin(), p.reasons.end());
    return hold();
  }
  return false;
}

void PlanBuilder::held(DirectoryUser& d, const std::string& why) {
  UserPlan u;
  u.r.username = d.username;
  u.origin = &d;
  u.after = snapshot(d);
  u.r.action = "error";
  u.r.reasons = {reason::correlation_ambiguous};
  u.r.errors = {"correlation_ambiguous: " + why};
  keep(std::move(u), d.username);
}

void PlanBuilder::keep(UserPlan u, const std::string& directory_name) {
  claim(directory_name);
  u.r.after = std::move(u.after);  // still the directory's state: nothing was decided
  u.has_after = true;
  finish(std::move(u));
}

void PlanBuilder::skip(UserPlan u, const char* why) {
  u.r.action = "skipped";
  u.r.reasons = {why};
  finish(std::move(u));
}

void PlanBuilder::update_attributes(UserPlan& u, const DesiredUser& p, const DirectoryUser& d) {
  for (const auto& r : p.reasons) u.reason(r);
  for (const auto& [k, v] : p.attrs.entries()) {
    if (attr::is_account_fact(k) || p.extras.get().held.count(k)) continue;  // held: a correction waits as a conflict
    const std::string* old = d.attrs.find(k);
    if (v.empty() ? (!old || old->empty()) : (old && *old == v)) continue;  // empty: an explicit clear
    if (!o_.switches.update) {
      u.reason(reason::update_disabled);
      continue;
    }
    auto from = old ? std::optional(*old) : std::nullopt;
    auto to = v.empty() ? std::nullopt : std::optional(v);
    auto correction = correction_of(p, k);
    const char* why = correction ? reason::manual_correction : reason::attribute_changed;
    u.change({ChangeKind::user_update, u.r.username, "", k, from, to, {}, {why}});
    u.r.changes.push_back({k, from, to, correction});
    if (to)
      u.after.attrs.set(k, *to);
    else
      u.after.attrs.erase(k);
    u.reason(why);
  }
}

void PlanBuilder::sync_groups(UserPlan& u, const std::vector<std::string>& have, const std::vector<std::string>& want,
                              bool creating, const DesiredUser* edits) {
  const std::string& name = u.r.username;
  // A corrected membership names its correction; one whose correction waits as a conflict stays.
  auto corrected = [&](const std::string& g) -> std::int64_t {
    if (!edits || edits->extras.get().group_edits.empty()) return 0;
    const auto& group_edits = edits->extras.get().group_edits;
    auto it = group_edits.find(fold_case(g));
    return it == group_edits.end() ? 0 : std::get<2>(it->second);
  };
  auto held = [&](const std::string& g) {
    if (!edits) return false;
    const auto& held = edits->extras.get().held;
    return !held.empty() && held.count("group:" + fold_case(g)) > 0;
  };
  std::vector<std::string> member_of;
  for (const auto& g : have)
    if (contains_folded(want, g) || !groups_.managed(g) || groups_.in_conflict(g)) member_of.push_back(g);
  auto allowed = [&] {
    if (creating || o_.switches.update) return true;
    u.reason(reason::update_disabled);
    return false;
  };
  for (const auto& wanted : want) {
    if (contains_folded(have, wanted)) continue;
    const std::string g = groups_.directory_name(wanted);
    if (groups_.is_protected(g)) {
      u.reason(reason::protected_group);
      continue;
    }
    if (!groups_.managed(g)) continue;
    if (groups_.in_conflict(g)) {
      conflict(g).would_add.push_back(name);
      u.reason(reason::group_conflict);
      continue;
    }
    if (!allowed()) continue;
    if (!groups_.exists(g)) new_groups_.emplace(fold_case(g), g);
    if (held(g)) continue;
    const char* why = corrected(g) ? reason::manual_correction : reason::group_in_source;
    u.change({ChangeKind::membership_add, name, g, "", std::nullopt, std::nullopt, {}, {why}});
    u.r.groups_added.push_back(g);
    if (auto id = corrected(g)) u.r.group_corrections.emplace_back(g, id);
    u.reason(why);
    member_of.push_back(g);
  }
  for (const auto& g : have) {
    if (contains_folded(want, g) || !groups_.managed(g)) continue;
    if (held(g)) {
      member_of.push_back(g);
      continue;
    }
    if (groups_.in_conflict(g)) {
      conflict(g).would_remove.push_back(name);
      u.reason(reason::group_conflict);
      continue;
    }
    if (!allowed()) {
      member_of.push_back(g);
      continue;
    }
    const char* why = corrected(g) ? reason::manual_correction : reason::group_not_in_source;
    u.change({ChangeKind::membership_remove, name, g, "", std::nullopt, std::nullopt, {}, {why}});
    u.r.groups_removed.push_back(g);
    if (auto id = corrected(g)) u.r.group_corrections.emplace_back(g, id);
    u.reason(why);
  }
  sort_folded(member_of);
  u.after.groups = std::move(member_of);
}

GroupConflict& PlanBuilder::conflict(const std::string& group) {
  auto& c = conflicts_[fold_case(group)];
  if (c.group.empty()) c.group = group;
  return c;
}

void PlanBuilder::finish(UserPlan u) {
  if (u.origin) {
    DirectoryUser& d = *u.origin;  // not read again once its user is finished
    u.r.before = UserSnapshot{d.username, std::move(d.attrs), d.active, std::move(d.groups)};
  }
  if (u.r.action.empty()) u.r.action = u.changes.empty() ? "unchanged" : "update";
  if (u.r.action == "unchanged" && u.r.reasons.empty()) u.r.reasons = {reason::in_sync};
  if (u.has_after && !u.r.after) {
    // Most users of a large directory end as they began: one copy of their account is enough.
    if (u.r.action == "unchanged" && u.changes.empty() && u.r.before && *u.r.before == u.after)
      u.r.after_is_before = true;
    else
      u.r.after = std::move(u.after);
  }
  results_.push_back(std::move(u.r));
  changes_.push_back(std::move(u.changes));
}

}  // namespace usersync::detail
