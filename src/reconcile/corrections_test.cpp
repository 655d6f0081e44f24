#include "reconcile/corrections.h"

#include <catch2/catch.hpp>

#include "reconcile/plan_test_helpers.h"
#include "reconcile/reconciler.h"

using namespace usersync;
using test::kinds;
using test::result;

namespace {
SourceUser person(const std::string& username, const std::string& email,
                  std::optional<std::vector<std::string>> groups = std::vector<std::string>{"staff"}) {
  SourceUser u;
  u.username = username;
  u.attrs.set("email", email);
  u.active = true;
  u.groups = std::move(groups);
  u.ref = {"hr", username, 2};
  u.priority = 1;
  return u;
}
DirectoryUser account(const std::string& name, const std::string& email, bool active = true,
                      std::vector<std::string> groups = {"staff"}) {
  DirectoryUser d;
  d.username = name;
  d.attrs.set("email", email);
  d.active = active;
  d.groups = std::move(groups);
  return d;
}
Correction correction(std::int64_t id, const std::string& user, CorrectionKind kind, const std::string& attribute,
                      std::optional<std::string> baseline, const std::string& value) {
  Correction c;
  c.id = id;
  c.username = user;
  c.kind = kind;
  c.attribute = attribute;
  c.baseline = std::move(baseline);
  c.value = value;
  return c;
}
DirectoryState directory(std::vector<DirectoryUser> users) {
  DirectoryState d;
  d.users = std::move(users);
  d.groups = {{1, "sales", true, ""}, {2, "staff", true, ""}};
  return d;
}
Plan plan_with(const std::vector<Correction>& corrections, std::vector<SourceUser> sources,
               std::vector<DirectoryUser> accounts, Timestamp now = Timestamp{1000}) {
  ReconcileOptions o;
  o.corrections = corrections;
  return reconcile(directory(std::move(accounts)), std::move(sources), o, now);
}
}  // namespace

TEST_CASE("a correction wins over the sources, and its change names it") {
  auto plan = plan_with({correction(7, "Ann", CorrectionKind::set, "email", "ann@x", "ann.b@x")},
                        {person("ann", "ann@x")}, {account("ann", "ann@x")});
  const auto& r = result(plan, "ann");
  CHECK(r.reasons == std::vector<std::string>{"manual_correction"});
  REQUIRE(r.changes.size() == 1);
  CHECK(r.changes[0].to == "ann.b@x");
  CHECK(r.changes[0].correction == 7);
  CHECK(plan.changes[0].reasons == std::vector<std::string>{"manual_correction"});
  REQUIRE(plan.corrections.size() == 1);
  CHECK(plan.corrections[0].state == "applied");
}

TEST_CASE("a source that changed under a correction makes it a conflict, not applied") {
  auto plan = plan_with({correction(7, "ann", CorrectionKind::set, "email", "ann@x", "ann.b@x")},
                        {person("ann", "ann.new@x")}, {account("ann", "ann@x")});
  CHECK(plan.corrections[0].state == "conflict");
  CHECK(plan.corrections[0].source_now == "ann.new@x");
  // While the admin decides, the account keeps what it has: neither the correction nor the new value.
  const auto& r = result(plan, "ann");
  CHECK(r.changes.empty());
  CHECK(r.action == "unchanged");
  REQUIRE(r.corrections.size() == 1);
  CHECK(r.corrections[0].state == "conflict");
  // Changed to what the correction says: nothing to decide.
  auto same = plan_with({correction(7, "ann", CorrectionKind::set, "email", "ann@x", "ann.b@x")},
                        {person("ann", "ann.b@x")}, {account("ann", "ann@x")});
  CHECK(same.corrections[0].state == "applied");
}

TEST_CASE("a correction removes a group a source gives, and adds one it does not") {
  auto plan = plan_with({correction(1, "ann", CorrectionKind::group_remove, "Staff", "member", ""),
                         correction(2, "ann", CorrectionKind::group_add, "sales", "", "member")},
                        {person("ann", "ann@x")}, {account("ann", "ann@x")});
  CHECK(kinds(plan) == std::vector<std::string>{"membership_add:ann:sales", "membership_remove:ann:staff"});
  for (const auto& c : plan.changes) CHECK(c.reasons == std::vector<std::string>{"manual_correction"});
  // A source that maps no groups leaves the account's groups as they are, but for the correction.
  auto unmapped = plan_with({correction(2, "ann", CorrectionKind::group_add, "sales", std::nullopt, "member")},
                            {person("ann", "ann@x", std::nullopt)}, {account("ann", "ann@x", true, {"staff"})});
  CHECK(kinds(unmapped) == std::vector<std::string>{"membership_add:ann:sales"});
}

TEST_CASE("a new row creates a user no source lists, a deleted row deactivates one") {
  auto plan = plan_with({correction(1, "hana", CorrectionKind::create, "", std::nullopt, ""),
                         correction(2, "hana", CorrectionKind::set, "email", std::nullopt, "hana@x"),
                         correction(3, "hana", CorrectionKind::group_add, "sales", std::nullopt, "member"),
                         correction(4, "bob", CorrectionKind::deprovision, "", std::nullopt, "")},
                        {person("bob", "bob@x")}, {account("bob", "bob@x")});
  CHECK(kinds(plan) ==
        std::vector<std::string>{"user_deactivate:bob:", "user_create:hana:", "membership_add:hana:sales"});
  CHECK(result(plan, "hana").reasons == std::vector<std::string>{"manual_correction"});
  CHECK(result(plan, "hana").changes[0].correction == 2);
  CHECK(result(plan, "bob").reasons == std::vector<std::string>{"manual_correction"});
}

TEST_CASE("a deleted row undone by active true is compared with the sources, not with the deletion") {
  auto undo = correction(2, "ann", CorrectionKind::set, "active", "true", "true");
  auto plan = plan_with({correction(1, "ann", CorrectionKind::deprovision, "", std::nullopt, ""), undo},
                        {person("ann", "ann@x")}, {account("ann", "ann@x", false)});
  CHECK(plan.corrections[1].state == "applied");
  CHECK(kinds(plan) == std::vector<std::string>{"user_reactivate:ann:"});
  CHECK(result(plan, "ann").reasons == std::vector<std::string>{"manual_correction"});
  CHECK(result(plan, "ann").changes[0].correction == 2);
}

TEST_CASE("a conflict on a membership or on active leaves the account as it is") {
  auto plan = plan_with({correction(1, "ann", CorrectionKind::group_remove, "staff", "member", ""),
                         correction(2, "ann", CorrectionKind::set, "active", "true", "false")},
                        {person("ann", "ann@x", std::vector<std::string>{"sales"})},
                        {account("ann", "ann@x", true, {"staff"})});
  // HR moved ann from staff to sales: the removal's baseline no longer holds, but the removal is
  // what HR wants now, so it applies; active is unchanged at HR, so the deactivation applies.
  CHECK(plan.corrections[0].state == "applied");
  auto conflict = plan_with({correction(1, "ann", CorrectionKind::group_add, "sales", "", "member")},
                            {person("ann", "ann@x", std::vector<std::string>{"staff"})},
                            {account("ann", "ann@x", true, {"staff"})});
  CHECK(conflict.corrections[0].state == "applied");
  auto held = plan_with({correction(1, "ann", CorrectionKind::set, "active", "true", "false")},
                        {[] {
                          auto u = person("ann", "ann@x");
                          u.active = std::nullopt;
                          return u;
                        }()},
                        {account("ann", "ann@x", true)});
  CHECK(held.corrections[0].state == "conflict");
  CHECK(kinds(held).empty());
}

TEST_CASE("a group change a correction causes names it") {
  auto plan = plan_with({correction(4, "ann", CorrectionKind::group_add, "sales", "", "member")},
                        {person("ann", "ann@x")}, {account("ann", "ann@x")});
  CHECK(result(plan, "ann").group_corrections == std::vector<std::pair<std::string, std::int64_t>>{{"sales", 4}});
}

TEST_CASE("a correction that keeps a user inactive stops their reactivation") {
  auto plan = plan_with({correction(1, "ann", CorrectionKind::set, "active", "true", "false")},
                        {person("ann", "ann@x")}, {account("ann", "ann@x", false)});
  CHECK(result(plan, "ann").action == "unchanged");
  CHECK(kinds(plan).empty());
}

TEST_CASE("an expired correction, and one whose user is gone, are not applied") {
  auto c = correction(1, "ann", CorrectionKind::set, "email", "ann@x", "ann.b@x");
  c.expires = "1970-01-01T00:10:00Z";
  auto gone = correction(2, "zed", CorrectionKind::set, "email", "z@x", "zz@x");
  auto plan = plan_with({c, gone}, {person("ann", "ann@x")}, {account("ann", "ann@x")}, Timestamp{601});
  CHECK(plan.corrections[0].state == "expired");
  CHECK(plan.corrections[1].state == "no_user");
  CHECK(kinds(plan).empty());
  auto before = plan_with({c}, {person("ann", "ann@x")}, {account("ann", "ann@x")}, Timestamp{599});
  CHECK(before.corrections[0].state == "applied");
}

TEST_CASE("a later correction of one value is compared with the sources, not with the earlier one") {
  std::vector<DesiredUser> people(1);
  people[0].username = "ann";
  people[0].attrs.set("email", "ann@x");
  people[0].sources = {{"hr", "ann", 2}};
  auto out = apply_corrections(people,
                               {correction(1, "ann", CorrectionKind::set, "email", "ann@x", "a1@x"),
                                correction(2, "ann", CorrectionKind::set, "email", "ann@x", "a2@x")},
                               Timestamp{0});
  CHECK(out[0].state == "applied");
  CHECK(out[1].state == "applied");
  CHECK(people[0].attrs.get("email") == "a2@x");
  CHECK(people[0].extras.get().corrected.at("email") == 2);
}
