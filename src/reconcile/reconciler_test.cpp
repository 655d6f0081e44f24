#include "reconcile/reconciler.h"

#include <catch2/catch.hpp>

#include "reconcile/correlate.h"
#include "reconcile/plan_test_helpers.h"

using namespace usersync;
using test::kinds;
using test::result;

namespace {
SourceUser src(const std::string& source, int priority, const std::string& username, const std::string& email,
               std::optional<bool> active = true, std::optional<std::vector<std::string>> groups = std::nullopt) {
  SourceUser u;
  u.username = username;
  if (!email.empty()) u.attrs.set("email", email);
  u.active = active;
  u.groups = std::move(groups);
  u.ref = {source, email.empty() ? username : email, 2};
  u.priority = priority;
  return u;
}
DirectoryUser dir_user(const std::string& name, const std::string& email, bool active = true,
                       std::vector<std::string> groups = {}) {
  DirectoryUser d;
  d.username = name;
  d.attrs.set("email", email);
  d.active = active;
  d.groups = std::move(groups);
  return d;
}
}  // namespace

TEST_CASE("merge_sources joins records that share a key, priority decides attributes") {
  auto a = src("hr", 1, "jdoe", "J@x", true, std::vector<std::string>{"staff"});
  a.attrs.set("title", "Engineer");
  auto b = src("it", 2, "john", "j@X", false, std::vector<std::string>{"Eng", "STAFF"});
  b.attrs.set("title", "Boss");
  b.attrs.set("phone", "123");
  auto people = merge_sources({b, a}, {"email", "username"});
  REQUIRE(people.size() == 1);
  CHECK(people[0].username == "jdoe");
  CHECK(people[0].attrs.get("title") == "Engineer");
  CHECK(people[0].attrs.get("phone") == "123");
  CHECK(people[0].active == true);
  CHECK(*people[0].groups == std::vector<std::string>{"Eng", "staff"});
  REQUIRE(people[0].sources.size() == 2);
  CHECK(people[0].sources[0].source == "hr");
}

TEST_CASE("an unchanged user holds one copy of their account, results come out in username order") {
  DirectoryState dir;
  // Decided in this order: matched people first (zed, Amy), then the new (bob): sorted at the end.
  dir.users = {dir_user("zed", "z@x", true, {"staff"}), dir_user("Amy", "a@x", true, {"staff"})};
  dir.groups = {{1, "staff", true}};
  std::vector<SourceUser> users{src("hr", 1, "zed", "z@x", true, std::vector<std::string>{"staff"}),
                                src("hr", 1, "Amy", "a@x", true, std::vector<std::string>{"staff"}),
                                src("hr", 1, "bob", "b@x", true, std::vector<std::string>{"staff"})};
  users[1].attrs.set("title", "Dev");
  auto plan = reconcile(dir, users, {}, Timestamp{0});
  REQUIRE(plan.results.size() == 3);
  CHECK(plan.results[0].username == "Amy");
  CHECK(plan.results[1].username == "bob");
  CHECK(plan.results[2].username == "zed");
  const auto& zed = plan.results[2];
  CHECK(zed.action == "unchanged");
  CHECK(zed.after_is_before);
  CHECK_FALSE(zed.after.has_value());
  REQUIRE(zed.after_state());
  CHECK(zed.after_state()->groups == std::vector<std::string>{"staff"});
  // A user who changes keeps both.
  CHECK_FALSE(plan.results[0].after_is_before);
  CHECK(plan.results[0].after->attrs.get("title") == "Dev");
  CHECK(plan.results[0].before->attrs.get("title").empty());
}

TEST_CASE("reconcile plans creates, updates, deactivations, reactivations and memberships") {
  DirectoryState dir;
  dir.users = {dir_user("ann", "ann@x", true, {"staff"}), dir_user("bob", "bob@x", false, {"staff"}),
               dir_user("leaver", "l@x", true, {"staff"}), dir_user("gone", "g@x", false)};
  dir.groups = {{1, "staff", true}};  // created by usersync: no conflict
  auto ann = src("hr", 1, "ann", "ANN@x", true, std::vector<std::string>{"staff", "Eng"});
  ann.attrs.set("email", "ann@x");
  ann.attrs.set("title", "Dev");
  std::vector<SourceUser> users{ann, src("hr", 1, "bob", "bob@x", true, std::vector<std::string>{"staff"}),
                                src("hr", 1, "cat", "cat@x", true, std::vector<std::string>{"staff"}),
                                src("hr", 1, "dan", "dan@x", false)};
  auto plan = reconcile(dir, users, {}, Timestamp{0});
  CHECK(kinds(plan) == std::vector<std::string>{
                           "group_create::Eng",
                           "user_update:ann:title",
                           "membership_add:ann:Eng",
                           "user_reactivate:bob:",
                           "user_create:cat:",
                           "membership_add:cat:staff",
                           "user_deactivate:leaver:",
                       });
  CHECK(result(plan, "ann").action == "update");
  CHECK(result(plan, "ann").reasons == std::vector<std::string>{"attribute_changed", "group_in_source"});
  CHECK(result(plan, "ann").after_state()->groups == std::vector<std::string>{"Eng", "staff"});
  CHECK(result(plan, "bob").action == "reactivate");
  CHECK(result(plan, "cat").action == "create");
  CHECK(result(plan, "dan").action == "skipped");
  CHECK(result(plan, "dan").reasons == std::vector<std::string>{"inactive_in_source"});
  CHECK(result(plan, "leaver").reasons == std::vector<std::string>{"missing_from_sources"});
  CHECK(result(plan, "gone").action == "unchanged");
  CHECK(plan.seen_in_source == std::vector<std::string>{"ann", "bob", "cat"});
  // Results are sorted by username.
  for (std::size_t i = 1; i < plan.results.size(); ++i) CHECK(plan.results[i - 1].username < plan.results[i].username);
}

TEST_CASE("a source that says inactive deactivates, groups are left alone when no source maps them") {
  DirectoryState dir;
  dir.users = {dir_user("ann", "ann@x", true, {"staff"})};
  auto plan = reconcile(dir, {src("hr", 1, "ann", "ann@x", false)}, {}, Timestamp{0});
  CHECK(kinds(plan) == std::vector<std::string>{"user_deactivate:ann:"});
  CHECK(result(plan, "ann").reasons == std::vector<std::string>{"inactive_in_source"});
}

TEST_CASE("a rename is detected by the correlation key and refused when the name is taken") {
  DirectoryState dir;
  dir.users = {dir_user("asmith", "anna@x"), dir_user("ajones", "other@x")};
  auto renamed =
      reconcile(dir, {src("hr", 1, "ajohnson", "anna@x"), src("hr", 1, "ajones", "other@x")}, {}, Timestamp{0});
  CHECK(kinds(renamed) == std::vector<std::string>{"user_rename:ajohnson:username"});
  CHECK(renamed.changes[0].from == "asmith");
  CHECK(result(renamed, "ajohnson").reasons == std::vector<std::string>{"renamed_in_source"});

  auto clash =
      reconcile(dir, {src("hr", 1, "ajones", "anna@x"), src("hr", 1, "ajones2", "other@x")}, {{"email"}}, Timestamp{0});
  const auto& r = result(clash, "asmith");
  CHECK(r.action == "skipped");
  CHECK(r.reasons == std::vector<std::string>{"rename_conflict"});
  CHECK(r.errors ==
        std::vector<std::string>{"cannot rename 'asmith' to 'ajones': that username belongs to another user"});
}

TEST_CASE("a new user whose username is held by someone else is an error, not a takeover") {
  DirectoryState dir;
  dir.users = {dir_user("jdoe", "john@x")};
  auto plan = reconcile(dir, {src("hr", 1, "jdoe", "jane@x")}, {{"email"}}, Timestamp{0});
  auto errors =
      std::count_if(plan.results.begin(), plan.results.end(), [](const auto& r) { return r.action == "error"; });
  CHECK(errors == 1);
  CHECK(kinds(plan) == std::vector<std::string>{"user_deactivate:jdoe:"});
}

TEST_CASE("the same inputs give the same plan") {
  DirectoryState dir;
  dir.users = {dir_user("b", "b@x"), dir_user("a", "a@x")};
  std::vector<SourceUser> users{src("hr", 1, "c", "c@x"),
                                src("hr", 1, "a", "a@x", true, std::vector<std::string>{"g"})};
  auto p1 = reconcile(dir, users, {}, Timestamp{0});
  std::reverse(users.begin(), users.end());
  auto p2 = reconcile(dir, users, {}, Timestamp{0});
  CHECK(kinds(p1) == kinds(p2));
}

TEST_CASE("a source's last_login and created inform the policies but never become changes") {
  DirectoryState dir;
  dir.users = {dir_user("jdoe", "j@x")};
  auto known = src("hr", 1, "jdoe", "j@x");
  known.attrs.set("last_login", "2026-11-21T00:00:00Z");
  known.attrs.set("created", "2023-12-14T00:00:00Z");
  auto fresh = src("hr", 1, "ann", "a@x");
  fresh.attrs.set("created", "2025-01-15T00:00:00Z");
  ReconcileOptions o;
  o.match_on = {"email"};
  auto plan = reconcile(dir, {known, fresh}, o, Timestamp{0});
  CHECK(result(plan, "jdoe").action == "unchanged");
  CHECK(result(plan, "jdoe").changes.empty());
  CHECK(result(plan, "ann").action == "create");
  for (const auto& c : result(plan, "ann").changes) CHECK(c.attribute != "created");
  CHECK(kinds(plan) == std::vector<std::string>{"user_create:ann:"});
}
