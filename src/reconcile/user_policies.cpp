// The builder's policy decisions: users missing from every source, deactivation, reactivation,
// deletion and anonymization, stripped memberships, and inactivity.
#include "model/checksum.h"
#include "corrections.h"
#include "plan_builder.h"
#include "reconciler.h"

namespace usersync::detail {

void PlanBuilder::missing(DirectoryUser& d, const char* why) {
  UserPlan u;
  u.r.username = d.username;
  u.origin = &d;
  u.after = snapshot(d);
  if (any_match(o_.protected_users, d.username)) return skip(std::move(u), reason::protected_user);
  const auto& m = o_.missing;
  if (d.active) {
    auto since = d.last_seen_in_source ? *d.last_seen_in_source : d.first_seen ? *d.first_seen : now_;
    auto days = now_.days_since(since);
    PolicyDecision decision{"missing",
                            why,
                            {{"missing_since", since.iso()},
                             {"now", now_.iso()},
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
      if (m.action == "delete")
        remove(u, why);
      else if (m.action == "anonymize")
        anonymize(u, why);
      else
        deactivate(u, why);
    }
  } else if (m.delete_after_days && d.deactivated_at) {
    auto days = now_.days_since(*d.deactivated_at);
    PolicyDecision decision{"missing",
                            reason::deleted_after_grace,
                            {{"deactivated_at", d.deactivated_at->iso()},
                             {"now", now_.iso()},
                             {"delete_after_days", std::to_string(*m.delete_after_days)},
                             {"days_inactive", std::to_string(days)}}};
    if (days >= *m.delete_after_days) {
      u.r.policies.push_back(decision);
      if (m.delete_action == "anonymize")
        anonymize(u, reason::deleted_after_grace);
      else
        remove(u, reason::deleted_after_grace);
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

void PlanBuilder::deactivate(UserPlan& u, const std::string& why, std::int64_t correction) {
  if (!o_.switches.deactivate) {
    u.reason(why);
    return u.reason(reason::deactivate_disabled);
  }
  u.change({ChangeKind::user_deactivate, u.r.username, "", "", "true", "false", {}, {why}});
  u.r.changes.push_back({attr::active, "true", "false", correction});
  u.r.action = "deactivate";
  u.reason(why);
  u.after.active = false;
  if (o_.missing.strip_memberships) strip_memberships(u, reason::memberships_stripped);
}

void PlanBuilder::reactivate(UserPlan& u, const DirectoryUser& d, std::int64_t correction) {
  if (!o_.reactivate) return u.reason(reason::reactivation_disabled);
  const char* why = correction ? reason::manual_correction : reason::back_in_source;
  if (d.deactivation_reason == reason::inactive_login || d.deactivation_reason == reason::never_logged_in) {
    bool again = d.last_login && d.deactivated_at && *d.last_login > *d.deactivated_at;
    u.r.policies.push_back({"reactivation",
                            again ? reason::logged_in_again : reason::still_inactive_login,
                            {{"last_login", opt_iso(d.last_login)}, {"deactivated_at", opt_iso(d.deactivated_at)}}});
    if (!again) return u.reason(reason::still_inactive_login);
    why = reason::logged_in_again;
  }
  if (!o_.switches.update) return u.reason(reason::update_disabled);
  u.change({ChangeKind::user_reactivate, u.r.username, "", "", "false", "true", {}, {why}});
  u.r.changes.push_back({attr::active, "false", "true", correction});
  u.r.action = "reactivate";
  u.reason(why);
  u.after.active = true;
}

void PlanBuilder::remove(UserPlan& u, const std::string& why) {
  if (!o_.switches.remove) {
    u.reason(why);
    return u.reason(reason::delete_disabled);
  }
  u.change({ChangeKind::user_delete, u.r.username, "", "", std::nullopt, std::nullopt, {}, {why}});
  u.r.action = "delete";
  u.reason(why);
  u.has_after = false;
}

void PlanBuilder::anonymize(UserPlan& u, const std::string& why) {
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
    if (attr::is_account_fact(k)) continue;  // the application's own record, never written
    u.change({ChangeKind::user_update, name, "", k, v, std::nullopt, {}, {reason::anonymized}});
    u.r.changes.push_back({k, v, std::nullopt});
  }
  u.after = UserSnapshot{name, {}, false, u.after.groups};
  if (u.origin && u.origin->active) {
    u.change({ChangeKind::user_deactivate, name, "", "", "true", "false", {}, {why}});
    u.r.changes.push_back({attr::active, "true", "false"});
  }
  u.r.action = "delete";
  u.reason(why);
  u.reason(reason::anonymized);
  strip_memberships(u, reason::anonymized);  // managed groups only: protected ones are never emptied
}

void PlanBuilder::strip_memberships(UserPlan& u, const char* why) {
  std::vector<std::string> keep;
  for (const auto& g : u.after.groups) {
    if (!groups_.managed(g) || groups_.in_conflict(g)) {
      keep.push_back(g);
      continue;
    }
    u.change({ChangeKind::membership_remove, u.r.username, g, "", std::nullopt, std::nullopt, {}, {why}});
    u.r.groups_removed.push_back(g);
  }
  if (keep.size() != u.after.groups.size()) u.reason(why);
  u.after.groups = std::move(keep);
}

void PlanBuilder::check_inactivity(UserPlan& u, const DirectoryUser& d, const DesiredUser* p) {
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
  PolicyDecision decision{"inactivity",
                          why,
                          {{login ? "last_login" : "account_since", baseline->iso()},
                           {"now", now_.iso()},
                           {"limit_days", std::to_string(*limit)},
                           {"days", std::to_string(days)}}};
  bool exempt =
      any_match(in.exempt_users, d.username) ||
      std::any_of(d.groups.begin(), d.groups.end(), [&](const auto& g) { return any_match(in.exempt_groups, g); });
  if (exempt) {
    decision.reason = reason::exempt_from_inactivity;
    u.r.policies.push_back(decision);
    return u.reason(reason::exempt_from_inactivity);
  }
  u.r.policies.push_back(decision);
  deactivate(u, why);
}

}  // namespace usersync::detail
