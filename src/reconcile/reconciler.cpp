#include "reconciler.h"

#include <algorithm>
#include <map>
#include <unordered_set>

#include "correlate.h"
#include "group_policy.h"
#include "model/checksum.h"
#include "model/text.h"

namespace usersync {

namespace {

UserSnapshot snapshot(const DirectoryUser& d) { return {d.username, d.attrs, d.active, d.groups}; }

bool contains_folded(const std::vector<std::string>& list, std::string_view name) {
  return std::any_of(list.begin(), list.end(), [&](const auto& g) { return iequals(g, name); });
}

void sort_folded(std::vector<std::string>& v) {
  std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return fold_case(a) < fold_case(b); });
}

std::string opt_iso(const std::optional<Timestamp>& t) { return t ? t->iso() : std::string(); }

/// One user's part of the plan while it is being decided.
struct UserPlan {
  UserResult r;
  std::vector<Change> changes;
  UserSnapshot after;
  bool has_after = true;

  void reason(const std::string& code) {
    if (std::find(r.reasons.begin(), r.reasons.end(), code) == r.reasons.end()) r.reasons.push_back(code);
  }
  void change(Change c) { changes.push_back(std::move(c)); }
};

class PlanBuilder {
 public:
  PlanBuilder(const DirectoryState& dir, const ReconcileOptions& o, GroupPolicy& groups, Timestamp now)
      : o_(o), groups_(groups), now_(now) {
    for (const auto& u : dir.users) taken_.insert(fold_case(u.username));
  }

  void matched(const DesiredUser& p, const DirectoryUser& d) {
    UserPlan u = start(p);
    u.r.before = snapshot(d);
    u.after = snapshot(d);
    u.r.username = d.username;
    if (refused_up_front(u, p, d.username)) return;

    std::string name = p.username.empty() ? d.username : p.username;
    if (name != d.username) {
      auto key = fold_case(name);
      if (key != fold_case(d.username) && (taken_.count(key) || claimed_.count(key))) {
        u.r.action = "skipped";
        u.r.reasons = {reason::rename_conflict};
        u.r.errors.push_back("cannot rename '" + d.username + "' to '" + name + "': that username belongs to another user");
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
    claimed_.insert(fold_case(name));
    seen_.push_back(name);
    u.r.username = name;
    u.after.username = name;
    update_attributes(u, p, d);

    bool source_inactive = p.active && !*p.active;
    if (source_inactive && d.active) {
      deactivate(u, reason::inactive_in_source);
    } else if (!source_inactive && !d.active) {
      reactivate(u, d);
    }
    // With strip_memberships, an inactive account holds no managed groups: do not hand them back.
    if (p.groups && (u.after.active || !o_.missing.strip_memberships)) sync_groups(u, d.groups, *p.groups, false);
    check_inactivity(u, d, &p);
    finish(std::move(u));
  }

  void excluded(const DesiredUser& p) {
    UserPlan u = start(p);
    u.r.username = p.username.empty() ? p.sources.front().record_id : p.username;
    u.r.action = "skipped";
    u.r.reasons = {reason::not_in_required_groups};
    u.has_after = false;
    finish(std::move(u));
  }

  void unmatched_person(const DesiredUser& p, const std::string& conflict_with) {
    UserPlan u = start(p);
    u.has_after = false;
    u.r.username = p.username.empty() ? p.sources.front().record_id : p.username;
    if (!conflict_with.empty()) {
      u.r.action = "error";
      u.r.reasons = {reason::correlation_conflict};
      u.r.errors.push_back("correlates with directory user '" + conflict_with + "', who already matches another source record");
      return finish(std::move(u));
    }
    if (refused_up_front(u, p, "")) return;
    if (p.active && !*p.active) return skip(std::move(u), reason::inactive_in_source);
    if (p.username.empty()) {
      u.r.action = "error";
      u.r.reasons = {reason::no_username};
      u.r.errors.push_back("no username: the mapping gives this record an empty username");
      return finish(std::move(u));
    }
    auto key = fold_case(p.username);
    if (taken_.count(key) || claimed_.count(key)) {
      u.r.action = "error";
      u.r.reasons = {reason::username_taken};
      u.r.errors.push_back("username '" + p.username + "' already belongs to another user who does not correlate with "
                           "this record");
      return finish(std::move(u));
    }
    if (!o_.switches.create) return skip(std::move(u), reason::create_disabled);
    claimed_.insert(key);
    seen_.push_back(p.username);
    Attributes attrs;
    for (const auto& [k, v] : p.attrs.entries())
      if (!v.empty()) attrs.set(k, v);
    u.change({ChangeKind::user_create, p.username, "", "", std::nullopt, std::nullopt, attrs, {reason::new_in_source}});
    u.r.action = "create";
    u.r.reasons = {reason::new_in_source};
    u.has_after = true;
    u.after = UserSnapshot{p.username, attrs, true, {}};
    for (const auto& [k, v] : attrs.entries()) u.r.changes.push_back({k, std::nullopt, v});
    if (p.groups) sync_groups(u, {}, *p.groups, true);
    finish(std::move(u));
  }

  void missing(const DirectoryUser& d, const char* why) {
    UserPlan u;
    u.r.username = d.username;
    u.r.before = snapshot(d);
    u.after = snapshot(d);
    if (any_match(o_.protected_users, d.username)) return skip(std::move(u), reason::protected_user);
    const auto& m = o_.missing;
    if (d.active) {
      auto since = d.last_seen_in_source ? *d.last_seen_in_source : d.first_seen ? *d.first_seen : now_;
      auto days = now_.days_since(since);
      PolicyDecision decision{"missing", why, {{"missing_since", since.iso()}, {"now", now_.iso()},
                                              {"grace_days", std::to_string(m.grace_days)},
                                              {"days_missing", std::to_string(days)}}};
      if (days < m.grace_days) {
        decision.reason = reason::missing_within_grace;
        u.r.policies.push_back(decision);
        u.r.reasons = {reason::missing_within_grace};
        check_inactivity(u, d, nullptr);
      } else if (m.action == "keep") {
        decision.reason = reason::missing_kept;
        u.r.policies.push_back(decision);
        u.r.reasons = {reason::missing_kept};
        check_inactivity(u, d, nullptr);
      } else {
        u.r.policies.push_back(decision);
        if (m.action == "delete") remove(u, why);
        else if (m.action == "anonymize") anonymize(u, why);
        else deactivate(u, why);
      }
    } else if (m.delete_after_days && d.deactivated_at) {
      auto days = now_.days_since(*d.deactivated_at);
      PolicyDecision decision{"missing", reason::deleted_after_grace,
                              {{"deactivated_at", d.deactivated_at->iso()}, {"now", now_.iso()},
                               {"delete_after_days", std::to_string(*m.delete_after_days)},
                               {"days_inactive", std::to_string(days)}}};
      if (days >= *m.delete_after_days) {
        u.r.policies.push_back(decision);
        if (m.delete_action == "anonymize") anonymize(u, reason::deleted_after_grace);
        else remove(u, reason::deleted_after_grace);
      } else {
        decision.reason = reason::already_inactive;
        u.r.policies.push_back(decision);
        u.r.reasons = {reason::already_inactive};
      }
    } else {
      u.r.reasons = {reason::already_inactive};
    }
    finish(std::move(u));
  }

  Plan build() {
    Plan plan;
    plan.seen_in_source = std::move(seen_);
    std::sort(plan.seen_in_source.begin(), plan.seen_in_source.end());
    for (const auto& [key, name] : new_groups_)
      plan.changes.push_back({ChangeKind::group_create, "", name, "", std::nullopt, name, {}, {reason::group_in_source}});
    std::vector<std::size_t> order(users_.size());
    std::vector<std::string> keys;
    keys.reserve(users_.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i, keys.push_back(fold_case(users_[i].r.username));
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return keys[a] != keys[b] ? keys[a] < keys[b] : users_[a].r.username < users_[b].r.username;
    });
    for (auto i : order) {
      auto& u = users_[i];
      std::stable_sort(u.changes.begin(), u.changes.end(), [](const Change& a, const Change& b) { return a.kind < b.kind; });
      for (auto& c : u.changes) plan.changes.push_back(std::move(c));
      plan.results.push_back(std::move(u.r));
    }
    for (auto& [key, c] : conflicts_) {
      sort_folded(c.would_add);
      sort_folded(c.would_remove);
      plan.conflicts.push_back(std::move(c));
    }
    return plan;
  }

 private:
  UserPlan start(const DesiredUser& p) {
    UserPlan u;
    for (const auto& s : p.sources) u.r.sources.emplace_back(s.source, s.record_id);
    return u;
  }

  /// Protected users, mapping errors and rule skips: nothing is planned for them.
  bool refused_up_front(UserPlan& u, const DesiredUser& p, const std::string& directory_name) {
    bool matched = !directory_name.empty();
    auto hold = [&] {
      if (matched) keep(std::move(u), directory_name);
      else finish(std::move(u));
      return true;
    };
    if (any_match(o_.protected_users, matched ? directory_name : p.username) ||
        (!p.username.empty() && any_match(o_.protected_users, p.username))) {
      u.r.action = "skipped";
      u.r.reasons = {reason::protected_user};
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

  /// A matched user left as the directory has them.
  void keep(UserPlan u, const std::string& directory_name) {
    claimed_.insert(fold_case(directory_name));
    seen_.push_back(directory_name);
    u.r.after = u.r.before;
    u.has_after = true;
    finish(std::move(u));
  }

  void skip(UserPlan u, const char* why) {
    u.r.action = "skipped";
    u.r.reasons = {why};
    finish(std::move(u));
  }

  void update_attributes(UserPlan& u, const DesiredUser& p, const DirectoryUser& d) {
    for (const auto& r : p.reasons) u.reason(r);
    for (const auto& [k, v] : p.attrs.entries()) {
      const std::string* old = d.attrs.find(k);
      if (v.empty() ? (!old || old->empty()) : (old && *old == v)) continue;  // empty: an explicit clear
      if (!o_.switches.update) {
        u.reason(reason::update_disabled);
        continue;
      }
      auto from = old ? std::optional(*old) : std::nullopt;
      auto to = v.empty() ? std::nullopt : std::optional(v);
      u.change({ChangeKind::user_update, u.r.username, "", k, from, to, {}, {reason::attribute_changed}});
      u.r.changes.push_back({k, from, to});
      if (to) u.after.attrs.set(k, *to);
      else u.after.attrs.erase(k);
      u.reason(reason::attribute_changed);
    }
  }

  void deactivate(UserPlan& u, const std::string& why) {
    if (!o_.switches.deactivate) {
      u.reason(why);
      return u.reason(reason::deactivate_disabled);
    }
    u.change({ChangeKind::user_deactivate, u.r.username, "", "", "true", "false", {}, {why}});
    u.r.action = "deactivate";
    u.reason(why);
    u.after.active = false;
    if (o_.missing.strip_memberships) strip_memberships(u);
  }

  void reactivate(UserPlan& u, const DirectoryUser& d) {
    if (!o_.reactivate) return u.reason(reason::reactivation_disabled);
    const char* why = reason::back_in_source;
    if (d.deactivation_reason == reason::inactive_login || d.deactivation_reason == reason::never_logged_in) {
      bool again = d.last_login && d.deactivated_at && *d.last_login > *d.deactivated_at;
      u.r.policies.push_back({"reactivation", again ? reason::logged_in_again : reason::still_inactive_login,
                              {{"last_login", opt_iso(d.last_login)}, {"deactivated_at", opt_iso(d.deactivated_at)}}});
      if (!again) return u.reason(reason::still_inactive_login);
      why = reason::logged_in_again;
    }
    if (!o_.switches.update) return u.reason(reason::update_disabled);
    u.change({ChangeKind::user_reactivate, u.r.username, "", "", "false", "true", {}, {why}});
    u.r.action = "reactivate";
    u.reason(why);
    u.after.active = true;
  }

  void remove(UserPlan& u, const std::string& why) {
    if (!o_.switches.remove) {
      u.reason(why);
      return u.reason(reason::delete_disabled);
    }
    u.change({ChangeKind::user_delete, u.r.username, "", "", std::nullopt, std::nullopt, {}, {why}});
    u.r.action = "delete";
    u.reason(why);
    u.has_after = false;
  }

  /// Keeps the account as an empty shell: renamed to a stable pseudonym, attributes cleared, inactive.
  void anonymize(UserPlan& u, const std::string& why) {
    if (!o_.switches.remove) {
      u.reason(why);
      return u.reason(reason::delete_disabled);
    }
    Sha256 h;
    h.update(u.r.username);
    std::string name = "anon-" + h.hex_digest().substr(0, 12);
    u.change({ChangeKind::user_rename, name, "", attr::username, u.r.username, name, {}, {reason::anonymized}});
    u.r.changes.push_back({attr::username, u.r.username, name});
    u.r.username = name;
    for (const auto& [k, v] : u.after.attrs.entries()) {
      u.change({ChangeKind::user_update, name, "", k, v, std::nullopt, {}, {reason::anonymized}});
      u.r.changes.push_back({k, v, std::nullopt});
    }
    u.after = UserSnapshot{name, {}, false, u.after.groups};
    if (u.r.before && u.r.before->active)
      u.change({ChangeKind::user_deactivate, name, "", "", "true", "false", {}, {why}});
    for (const auto& g : u.after.groups) {
      u.change({ChangeKind::membership_remove, name, g, "", std::nullopt, std::nullopt, {}, {reason::anonymized}});
      u.r.groups_removed.push_back(g);
    }
    u.after.groups.clear();
    u.r.action = "delete";
    u.reason(why);
    u.reason(reason::anonymized);
  }

  void strip_memberships(UserPlan& u) {
    std::vector<std::string> keep;
    for (const auto& g : u.after.groups) {
      if (!groups_.managed(g) || groups_.in_conflict(g)) {
        keep.push_back(g);
        continue;
      }
      u.change({ChangeKind::membership_remove, u.r.username, g, "", std::nullopt, std::nullopt, {}, {reason::memberships_stripped}});
      u.r.groups_removed.push_back(g);
    }
    if (keep.size() != u.after.groups.size()) u.reason(reason::memberships_stripped);
    u.after.groups = std::move(keep);
  }

  void sync_groups(UserPlan& u, const std::vector<std::string>& have, const std::vector<std::string>& want, bool creating) {
    const std::string& name = u.r.username;
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
      u.change({ChangeKind::membership_add, name, g, "", std::nullopt, std::nullopt, {}, {reason::group_in_source}});
      u.r.groups_added.push_back(g);
      u.reason(reason::group_in_source);
      member_of.push_back(g);
    }
    for (const auto& g : have) {
      if (contains_folded(want, g) || !groups_.managed(g)) continue;
      if (groups_.in_conflict(g)) {
        conflict(g).would_remove.push_back(name);
        u.reason(reason::group_conflict);
        continue;
      }
      if (!allowed()) {
        member_of.push_back(g);
        continue;
      }
      u.change({ChangeKind::membership_remove, name, g, "", std::nullopt, std::nullopt, {}, {reason::group_not_in_source}});
      u.r.groups_removed.push_back(g);
      u.reason(reason::group_not_in_source);
    }
    sort_folded(member_of);
    u.after.groups = std::move(member_of);
  }

  GroupConflict& conflict(const std::string& group) {
    auto& c = conflicts_[fold_case(group)];
    if (c.group.empty()) c.group = group;
    return c;
  }

  /// Deactivates an active user whose last login (or, without one, whose account) is too old.
  void check_inactivity(UserPlan& u, const DirectoryUser& d, const DesiredUser* p) {
    const auto& in = o_.inactivity;
    if (!in.enabled() || !u.after.active || !d.active || u.r.action == "reactivate") return;
    std::optional<Timestamp> login = d.last_login;
    if (p)
      if (const std::string* v = p->attrs.find(attr::last_login); v && !v->empty()) login = Timestamp::parse(*v);
    std::optional<Timestamp> baseline = login;
    const char* why = reason::inactive_login;
    std::optional<int> limit = in.after_days;
    if (!login) {
      // Counted from the account's creation when the export says it, else from when usersync first saw it.
      const std::string* created = d.attrs.find("created");
      baseline = created ? Timestamp::parse(*created) : std::nullopt;
      if (!baseline) baseline = d.first_seen;
      why = reason::never_logged_in;
      limit = in.never_logged_in_days;
    }
    if (!limit || !baseline) return;
    if (d.reactivated_at && *d.reactivated_at > *baseline) baseline = d.reactivated_at;
    auto days = now_.days_since(*baseline);
    if (days < *limit) return;
    PolicyDecision decision{"inactivity", why, {{login ? "last_login" : "account_since", baseline->iso()},
                                                {"now", now_.iso()}, {"limit_days", std::to_string(*limit)},
                                                {"days", std::to_string(days)}}};
    bool exempt = any_match(in.exempt_users, d.username) ||
                  std::any_of(d.groups.begin(), d.groups.end(), [&](const auto& g) { return any_match(in.exempt_groups, g); });
    if (exempt) {
      decision.reason = reason::exempt_from_inactivity;
      u.r.policies.push_back(decision);
      return u.reason(reason::exempt_from_inactivity);
    }
    u.r.policies.push_back(decision);
    deactivate(u, why);
  }

  void finish(UserPlan u) {
    if (u.r.action.empty()) u.r.action = u.changes.empty() ? "unchanged" : "update";
    if (u.r.action == "unchanged" && u.r.reasons.empty()) u.r.reasons = {reason::in_sync};
    if (u.has_after && !u.r.after) u.r.after = u.after;
    users_.push_back(std::move(u));
  }

  const ReconcileOptions& o_;
  GroupPolicy& groups_;
  Timestamp now_;
  std::unordered_set<std::string> taken_;    // folded usernames held in the directory
  std::unordered_set<std::string> claimed_;  // folded usernames the plan gives to someone
  std::map<std::string, std::string> new_groups_;  // folded -> as written by the first source
  std::map<std::string, GroupConflict> conflicts_;
  std::vector<UserPlan> users_;
  std::vector<std::string> seen_;
};

}  // namespace

Plan reconcile(const DirectoryState& directory, std::vector<SourceUser> source_users, const ReconcileOptions& options,
               Timestamp now) {
  GroupPolicy groups(directory, options.groups, options.protected_groups);
  for (auto& u : source_users) {
    if (!u.groups) continue;
    for (auto& g : *u.groups) {
      g = groups.map_name(g);
      groups.named_by_source(g);
    }
    sort_folded(*u.groups);
    u.groups->erase(std::unique(u.groups->begin(), u.groups->end(), [](const auto& a, const auto& b) { return iequals(a, b); }),
                    u.groups->end());
  }
  auto people = merge_sources(std::move(source_users), options.match_on);
  auto matches = match_directory(people, directory, options.match_on);
  auto in_required = [&](const DesiredUser& p) {
    if (options.required_groups.empty()) return true;
    return p.groups && std::any_of(p.groups->begin(), p.groups->end(),
                                   [&](const auto& g) { return any_match(options.required_groups, g); });
  };
  PlanBuilder builder(directory, options, groups, now);
  std::vector<const char*> missing_reason(directory.users.size(), reason::missing_from_sources);
  std::vector<bool> claimed(directory.users.size(), false);
  // Matched people first, so that their final usernames are known before any create is checked.
  for (std::size_t i = 0; i < people.size(); ++i) {
    if (!matches.match[i]) continue;
    if (!in_required(people[i])) {
      missing_reason[*matches.match[i]] = reason::not_in_required_groups;
      continue;
    }
    claimed[*matches.match[i]] = true;
    builder.matched(people[i], directory.users[*matches.match[i]]);
  }
  for (std::size_t i = 0; i < people.size(); ++i) {
    if (matches.match[i]) continue;
    if (!in_required(people[i])) builder.excluded(people[i]);
    else builder.unmatched_person(people[i], matches.conflicts[i]);
  }
  for (std::size_t i = 0; i < directory.users.size(); ++i)
    if (!claimed[i]) builder.missing(directory.users[i], missing_reason[i]);
  return builder.build();
}

}  // namespace usersync
