// Time-based policies, protection, group management and switches in the reconciler.
#include <catch2/catch.hpp>

#include "reconcile/plan_test_helpers.h"
#include "reconcile/reconciler.h"

using namespace usersync;
using test::kinds;
using test::result;

namespace {
const Timestamp kNow = *Timestamp::parse("2026-11-22T09:00:00Z");
Timestamp days_ago(int d) { return Timestamp{kNow.seconds - d * 86400}; }

DirectoryUser dir_user(const std::string& name, bool active = true, std::vector<std::string> groups = {}) {
  DirectoryUser d;
  d.username = name;
  d.attrs.set("email", name + "@x");
  d.active = active;
  d.groups = std::move(groups);
  d.first_seen = days_ago(400);
  return d;
}
SourceUser src(const std::string& name, std::optional<std::vector<std::string>> groups = std::nullopt) {
  SourceUser u;
  u.username = name;
  u.attrs.set("email", name + "@x");
  u.active = true;
  u.groups = std::move(groups);
  u.ref = {"hr", name + "@x", 2};
  return u;
}
}  // namespace

TEST_CASE("missing users wait out the grace period, counted from when a source last had them") {
  ReconcileOptions o;
  o.missing.grace_days = 3;
  DirectoryState dir;
  dir.users = {dir_user("recent"), dir_user("long_gone")};
  dir.users[0].last_seen_in_source = days_ago(2);
  dir.users[1].last_seen_in_source = days_ago(3);
  auto plan = reconcile(dir, {}, o, kNow);
  const auto& recent = result(plan, "recent");
  CHECK(recent.action == "unchanged");
  CHECK(recent.reasons == std::vector<std::string>{"missing_within_grace"});
  REQUIRE(recent.policies.size() == 1);
  CHECK(recent.policies[0].policy == "missing");
  CHECK(recent.policies[0].compared.at("missing_since") == "2026-11-20T09:00:00Z");
  CHECK(recent.policies[0].compared.at("days_missing") == "2");
  CHECK(recent.policies[0].compared.at("grace_days") == "3");
  CHECK(result(plan, "long_gone").action == "deactivate");
  REQUIRE(result(plan, "long_gone").changes.size() == 1);
  CHECK(result(plan, "long_gone").changes[0].attribute == "active");
  CHECK(result(plan, "long_gone").changes[0].from == "true");
  CHECK(result(plan, "long_gone").changes[0].to == "false");
  CHECK(kinds(plan) == std::vector<std::string>{"user_deactivate:long_gone:"});
}

TEST_CASE("the missing action can delete, anonymize or keep") {
  DirectoryState dir;
  dir.users = {dir_user("gone", true, {"staff"})};
  dir.groups = {{1, "staff", true}};
  ReconcileOptions o;
  o.missing.action = "delete";
  CHECK(kinds(reconcile(dir, {}, o, kNow)) == std::vector<std::string>{"user_delete:gone:"});
  o.missing.action = "keep";
  CHECK(result(reconcile(dir, {}, o, kNow), "gone").reasons == std::vector<std::string>{"missing_kept"});
  o.missing.action = "anonymize";
  o.protected_groups = {NameMatcher("admins")};
  dir.users[0].groups = {"admins", "staff"};
  dir.groups.push_back({2, "admins", false});
  auto plan = reconcile(dir, {}, o, kNow);
  REQUIRE(plan.results.size() == 1);
  const auto& r = plan.results[0];
  CHECK(r.username.rfind("anon-", 0) == 0);
  CHECK(r.action == "delete");
  CHECK(r.after_state()->attrs.empty());
  CHECK_FALSE(r.after_state()->active);
  CHECK(r.groups_removed == std::vector<std::string>{"staff"});
  CHECK(r.after_state()->groups == std::vector<std::string>{"admins"});  // a protected group is never emptied
}

TEST_CASE("deactivated users are deleted after the configured period") {
  ReconcileOptions o;
  o.missing.delete_after_days = 30;
  DirectoryState dir;
  dir.users = {dir_user("old", false), dir_user("fresh", false)};
  dir.users[0].deactivated_at = days_ago(30);
  dir.users[1].deactivated_at = days_ago(29);
  auto plan = reconcile(dir, {}, o, kNow);
  CHECK(kinds(plan) == std::vector<std::string>{"user_delete:old:"});
  CHECK(result(plan, "old").reasons == std::vector<std::string>{"deleted_after_grace"});
  CHECK(result(plan, "fresh").policies.at(0).compared.at("days_inactive") == "29");
}

TEST_CASE("strip_memberships removes managed memberships on deactivation") {
  ReconcileOptions o;
  o.missing.strip_memberships = true;
  o.protected_groups = {NameMatcher("jira-administrators")};
  DirectoryState dir;
  dir.users = {dir_user("gone", true, {"jira-administrators", "staff"})};
  dir.groups = {{1, "jira-administrators", false}, {2, "staff", true}};
  auto plan = reconcile(dir, {}, o, kNow);
  CHECK(kinds(plan) == std::vector<std::string>{"membership_remove:gone:staff", "user_deactivate:gone:"});
  CHECK(plan.results[0].after_state()->groups == std::vector<std::string>{"jira-administrators"});
}

TEST_CASE("inactivity deactivates by last login, and by account age when never logged in") {
  ReconcileOptions o;
  o.inactivity.after_days = 90;
  o.inactivity.never_logged_in_days = 30;
  o.inactivity.exempt_groups = {NameMatcher("admins")};
  DirectoryState dir;
  dir.users = {dir_user("active"), dir_user("idle"), dir_user("never"), dir_user("boss", true, {"admins"}),
               dir_user("fresh")};
  dir.users[4].attrs.set("created", days_ago(29).iso());  // first seen long ago, but created recently
  dir.users[0].last_login = days_ago(10);
  dir.users[1].last_login = days_ago(90);
  dir.users[3].last_login = days_ago(400);
  std::vector<SourceUser> users{src("active"), src("idle"), src("never"), src("boss"), src("fresh")};
  auto plan = reconcile(dir, users, o, kNow);
  CHECK(kinds(plan) == std::vector<std::string>{"user_deactivate:idle:", "user_deactivate:never:"});
  CHECK(result(plan, "idle").reasons == std::vector<std::string>{"inactive_login"});
  CHECK(result(plan, "idle").policies.at(0).compared.at("last_login") == days_ago(90).iso());
  CHECK(result(plan, "never").reasons == std::vector<std::string>{"never_logged_in"});
  CHECK(result(plan, "boss").reasons == std::vector<std::string>{"exempt_from_inactivity"});
  CHECK(result(plan, "fresh").action == "unchanged");
}

TEST_CASE("people deactivated for inactivity come back only after logging in again") {
  DirectoryState dir;
  dir.users = {dir_user("idle", false), dir_user("returned", false), dir_user("left", false)};
  for (auto& u : dir.users) u.deactivated_at = days_ago(10);
  dir.users[0].deactivation_reason = "inactive_login";
  dir.users[0].last_login = days_ago(100);
  dir.users[1].deactivation_reason = "inactive_login";
  dir.users[1].last_login = days_ago(1);
  dir.users[2].deactivation_reason = "missing_from_sources";
  ReconcileOptions o;
  auto plan = reconcile(dir, {src("idle"), src("returned"), src("left")}, o, kNow);
  CHECK(result(plan, "idle").reasons == std::vector<std::string>{"still_inactive_login"});
  CHECK(result(plan, "returned").reasons == std::vector<std::string>{"logged_in_again"});
  CHECK(result(plan, "left").reasons == std::vector<std::string>{"back_in_source"});
  // `active` is an attribute change like any other in the result, so the audit trail shows it.
  REQUIRE(result(plan, "left").changes.size() == 1);
  CHECK(result(plan, "left").changes[0].attribute == "active");
  CHECK(result(plan, "left").changes[0].from == "false");
  CHECK(result(plan, "left").changes[0].to == "true");
  CHECK(result(plan, "idle").changes.empty());
  o.reactivate = false;
  CHECK(result(reconcile(dir, {src("left")}, o, kNow), "left").reasons ==
        std::vector<std::string>{"reactivation_disabled"});
}

TEST_CASE("protected users are never touched") {
  ReconcileOptions o;
  o.protected_users = {NameMatcher("/^svc-/")};
  DirectoryState dir;
  dir.users = {dir_user("svc-build"), dir_user("svc-ci")};
  auto changed = src("svc-ci");
  changed.attrs.set("title", "Robot");
  auto plan = reconcile(dir, {changed}, o, kNow);
  CHECK(plan.changes.empty());
  CHECK(result(plan, "svc-build").reasons == std::vector<std::string>{"protected_user"});
  CHECK(result(plan, "svc-ci").action == "skipped");
}

TEST_CASE("only managed groups change, unmanaged and protected memberships are kept") {
  ReconcileOptions o;
  o.groups.exclude = {NameMatcher("/^ext-/")};
  o.protected_groups = {NameMatcher("jira-software-users")};
  DirectoryState dir;
  dir.users = {dir_user("ann", true, {"jira-software-users", "local-team", "old-dept"})};
  dir.groups = {{1, "jira-software-users", false}, {2, "local-team", false}, {3, "old-dept", true}};
  auto plan = reconcile(dir, {src("ann", std::vector<std::string>{"ext-partners", "new-dept"})}, o, kNow);
  CHECK(kinds(plan) == std::vector<std::string>{"group_create::new-dept", "membership_add:ann:new-dept",
                                                "membership_remove:ann:old-dept"});
  CHECK(plan.results[0].after_state()->groups == std::vector<std::string>{"jira-software-users", "local-team", "new-dept"});
}

TEST_CASE("include lists, renames and a prefix shape group names") {
  ReconcileOptions o;
  o.groups.include = {NameMatcher("/^idp-dept-/")};
  o.groups.renames = {{std::make_shared<Regex>("^Dept (.+)$"), "dept-$1"}};
  o.groups.prefix = "idp-";
  DirectoryState dir;
  dir.users = {dir_user("ann")};
  auto plan = reconcile(dir, {src("ann", std::vector<std::string>{"Dept Sales", "Everyone"})}, o, kNow);
  CHECK(kinds(plan) == std::vector<std::string>{"group_create::idp-dept-Sales", "membership_add:ann:idp-dept-Sales"});
}

TEST_CASE("a source group that would take over an existing group is a conflict until accepted") {
  DirectoryState dir;
  dir.users = {dir_user("ann", true, {"staff"}), dir_user("bob")};
  dir.groups = {{1, "staff", false}};
  std::vector<SourceUser> users{src("ann", std::vector<std::string>{}), src("bob", std::vector<std::string>{"staff"})};
  ReconcileOptions o;
  auto plan = reconcile(dir, users, o, kNow);
  CHECK(plan.changes.empty());
  REQUIRE(plan.conflicts.size() == 1);
  CHECK(plan.conflicts[0].group == "staff");
  CHECK(plan.conflicts[0].would_add == std::vector<std::string>{"bob"});
  CHECK(plan.conflicts[0].would_remove == std::vector<std::string>{"ann"});
  CHECK(result(plan, "bob").reasons == std::vector<std::string>{"group_conflict"});

  o.groups.accepted = {"staff"};
  auto accepted = reconcile(dir, users, o, kNow);
  CHECK(accepted.conflicts.empty());
  CHECK(kinds(accepted) == std::vector<std::string>{"membership_remove:ann:staff", "membership_add:bob:staff"});
  o.groups.accepted.clear();
  o.groups.adopt = {NameMatcher("staff")};
  CHECK(reconcile(dir, users, o, kNow).changes.size() == 2);
  o.groups.adopt.clear();
  o.groups.rejected = {"staff"};
  auto rejected = reconcile(dir, users, o, kNow);
  CHECK(rejected.conflicts.empty());
  CHECK(rejected.changes.empty());
}

TEST_CASE("required groups: people outside them get no account and are deprovisioned") {
  ReconcileOptions o;
  o.required_groups = {NameMatcher("staff"), NameMatcher("/^contract/")};
  DirectoryState dir;
  dir.users = {dir_user("ann"), dir_user("bob")};
  std::vector<SourceUser> users{src("ann", std::vector<std::string>{"staff"}),
                                src("bob", std::vector<std::string>{"alumni"}),
                                src("cat", std::vector<std::string>{"contractors"}), src("dan")};
  auto plan = reconcile(dir, users, o, kNow);
  CHECK(result(plan, "bob").reasons == std::vector<std::string>{"not_in_required_groups"});
  CHECK(result(plan, "bob").action == "deactivate");
  CHECK(result(plan, "cat").action == "create");
  CHECK(result(plan, "dan").action == "skipped");
  CHECK(result(plan, "dan").reasons == std::vector<std::string>{"not_in_required_groups"});
}

TEST_CASE("switches turn kinds of change off with a reason") {
  DirectoryState dir;
  dir.users = {dir_user("ann"), dir_user("gone")};
  auto ann = src("ann");
  ann.attrs.set("title", "Dev");
  std::vector<SourceUser> users{ann, src("new")};
  ReconcileOptions o;
  o.switches = {false, false, false, false};
  auto plan = reconcile(dir, users, o, kNow);
  CHECK(plan.changes.empty());
  CHECK(result(plan, "new").reasons == std::vector<std::string>{"create_disabled"});
  CHECK(result(plan, "ann").reasons == std::vector<std::string>{"update_disabled"});
  CHECK(result(plan, "gone").reasons == std::vector<std::string>{"missing_from_sources", "deactivate_disabled"});
}

TEST_CASE("rule skips and mapping errors leave the user alone, and keep them from being deprovisioned") {
  DirectoryState dir;
  dir.users = {dir_user("ann"), dir_user("bob")};
  auto ann = src("ann");
  ann.skip = true;
  ann.reasons = {"no_rule_matched:email"};
  auto bob = src("bob");
  bob.errors = {"email: pattern failed"};
  auto plan = reconcile(dir, {ann, bob}, {}, kNow);
  CHECK(plan.changes.empty());
  CHECK(result(plan, "ann").reasons == std::vector<std::string>{"skipped_by_rule", "no_rule_matched:email"});
  CHECK(result(plan, "bob").action == "error");
  CHECK(result(plan, "bob").errors == std::vector<std::string>{"email: pattern failed"});
}

TEST_CASE("an explicitly cleared attribute is removed") {
  DirectoryState dir;
  dir.users = {dir_user("ann")};
  dir.users[0].attrs.set("title", "Dev");
  auto ann = src("ann");
  ann.attrs.set("title", "");
  auto plan = reconcile(dir, {ann}, {}, kNow);
  REQUIRE(plan.changes.size() == 1);
  CHECK(plan.changes[0].attribute == "title");
  CHECK_FALSE(plan.changes[0].to.has_value());
}
