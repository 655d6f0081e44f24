// Identity across sources: ambiguity is never guessed, priorities per attribute, crosswalks and
// retiring sources.
#include "reconcile/correlate.h"

#include <catch2/catch.hpp>

#include "reconcile/plan_test_helpers.h"
#include "reconcile/reconciler.h"

using namespace usersync;
using test::kinds;
using test::result;

namespace {
SourceUser rec(const std::string& source, int priority, const std::string& id, const std::string& username,
               const std::string& email) {
  SourceUser u;
  u.username = username;
  if (!email.empty()) u.attrs.set("email", email);
  u.active = true;
  u.ref = {source, id, 2};
  u.priority = priority;
  return u;
}
DirectoryUser account(const std::string& name, const std::string& email, const std::string& external_id = "") {
  DirectoryUser d;
  d.username = name;
  d.attrs.set("email", email);
  if (!external_id.empty()) d.attrs.set("external_id", external_id);
  return d;
}
const std::vector<std::string> kKeys{"email", "username"};

Plan plan_for(DirectoryState dir, std::vector<SourceUser> users) {
  ReconcileOptions o;
  o.match_on = kKeys;
  return reconcile(std::move(dir), std::move(users), o, *Timestamp::parse("2026-01-01"));
}
}  // namespace

TEST_CASE("a record whose keys lead to two people makes all three ambiguous", "[correlate]") {
  auto people = merge_sources({rec("hr", 1, "E1", "ann", "ann@x"), rec("hr", 1, "E2", "bob", "bob@x"),
                               rec("it", 2, "I9", "ann", "bob@x")},
                              kKeys);
  REQUIRE(people.size() == 3);
  for (const auto& p : people) CHECK_THAT(p.ambiguity, Catch::Contains("source 'it' record I9 matches"));
  CHECK_THAT(people[2].ambiguity, Catch::Contains("source 'hr' record E1 by username 'ann'"));
  CHECK_THAT(people[2].ambiguity, Catch::Contains("source 'hr' record E2 by email 'bob@x'"));
}

TEST_CASE("two records of one source that correlate are ambiguous, not merged", "[correlate]") {
  auto people = merge_sources({rec("hr", 1, "E1", "ann", "ann@x"), rec("hr", 1, "E2", "ann2", "ANN@x")}, kKeys);
  REQUIRE(people.size() == 2);
  CHECK_THAT(people[0].ambiguity, Catch::Contains("two records of one source that match by email 'ANN@x'"));
  CHECK(people[0].ambiguity == people[1].ambiguity);
}

TEST_CASE("an ambiguous person changes nothing, and the accounts involved are held", "[correlate]") {
  DirectoryState dir;
  dir.users = {account("ann", "ann@x"), account("bob", "bob@x")};
  // One record matches ann by username and bob by email.
  auto plan = plan_for(dir, {rec("hr", 1, "E1", "ann", "bob@x")});
  CHECK(plan.changes.empty());
  CHECK(result(plan, "ann").action == "error");
  CHECK(result(plan, "ann").reasons == std::vector<std::string>{"correlation_ambiguous"});
  CHECK_THAT(result(plan, "ann").errors.at(0),
             Catch::Contains("matches directory users 'bob' by email 'bob@x' and 'ann' by username 'ann'"));
  CHECK(result(plan, "bob").action == "error");  // held: not missing, not deactivated
}

TEST_CASE("two people claiming one account: neither gets it, nothing changes", "[correlate]") {
  DirectoryState dir;
  dir.users = {account("ann", "ann@x")};
  auto plan = plan_for(dir, {rec("hr", 1, "E1", "ann", "other@x"), rec("it", 1, "I1", "anna", "ann@x")});
  CHECK(plan.changes.empty());
  CHECK(result(plan, "ann").reasons == std::vector<std::string>{"correlation_ambiguous"});
  CHECK(result(plan, "anna").reasons == std::vector<std::string>{"correlation_ambiguous"});
  CHECK_THAT(result(plan, "anna").errors.at(0),
             Catch::Contains("source 'hr' record E1 and source 'it' record I1 both match directory user 'ann'"));
}

TEST_CASE("attribute_priority lets a lower-priority source win one attribute", "[correlate]") {
  auto hr = rec("hr", 1, "E1", "ann", "ann@x");
  hr.attrs.set("title", "HR title");
  hr.attrs.set("department", "HR dept");
  auto okta = rec("okta", 2, "00u1", "ann", "ann@x");
  okta.attrs.set("title", "Okta title");
  okta.attrs.set("department", "Okta dept");
  okta.attribute_priority = std::make_shared<std::map<std::string, std::int32_t>>(
      std::map<std::string, std::int32_t>{{"title", 0}});
  auto people = merge_sources({okta, hr}, kKeys);
  REQUIRE(people.size() == 1);
  CHECK(people[0].attrs.get("title") == "Okta title");
  CHECK(people[0].attrs.get("department") == "HR dept");
}

TEST_CASE("a key a higher-ranked source replaced still finds its person", "[correlate]") {
  // hr (priority 1) gives ann@old; okta wins email by attribute_priority and gives ann@new; a
  // third source still knows her by the old address: she is one person, not two.
  auto hr = rec("hr", 1, "E1", "ann", "ann@old");
  auto okta = rec("okta", 2, "00u1", "ann", "ann@new");
  okta.attribute_priority = std::make_shared<std::map<std::string, std::int32_t>>(
      std::map<std::string, std::int32_t>{{"email", 0}});
  auto badge = rec("badge", 3, "B7", "", "ANN@OLD");
  auto people = merge_sources({hr, okta, badge}, kKeys);
  REQUIRE(people.size() == 1);
  CHECK(people[0].attrs.get("email") == "ann@new");
  CHECK(people[0].sources.size() == 3);
  CHECK(people[0].ambiguity.empty());
}

TEST_CASE("keys are matched case-insensitively across Unicode, by every key", "[correlate]") {
  auto hr = rec("hr", 1, "E1", "zoë", "ZOË@x");
  auto okta = rec("okta", 2, "00u1", "", "zoë@X");
  auto ldap = rec("ldap", 3, "uid=z", "ZOË", "");
  auto people = merge_sources({hr, okta, ldap}, kKeys);
  REQUIRE(people.size() == 1);
  CHECK(people[0].sources.size() == 3);
  DirectoryState dir;
  dir.users = {account("Zoë", "zoË@x"), account("bob", "bob@x")};
  auto match = match_directory(people, dir, kKeys);
  REQUIRE(match.match[0]);
  CHECK(*match.match[0] == 0);
}

TEST_CASE("a crosswalk correlates a person whose name and email both changed: an update", "[correlate]") {
  DirectoryState dir;
  dir.users = {account("jsmith", "jane.smith@x", "A-17")};
  auto jane = rec("hr", 1, "E42", "jdoe", "jane.doe@x");
  jane.crosswalk_attribute = "external_id";
  jane.crosswalk_value = "a-17";  // compared case-insensitively like every key
  auto plan = plan_for(dir, {jane});
  CHECK(result(plan, "jdoe").action == "update");  // renamed, with the new email
  CHECK_THAT(result(plan, "jdoe").reasons, Catch::VectorContains(std::string("renamed_in_source")));
  auto k = kinds(plan);
  CHECK(std::find(k.begin(), k.end(), "user_create:jdoe:") == k.end());
  CHECK(std::find(k.begin(), k.end(), "user_deactivate:jsmith:") == k.end());
}

TEST_CASE("a retiring source keeps its people: no create, no deprovision, fills only gaps", "[correlate]") {
  DirectoryState dir;
  dir.users = {account("ann", "ann@x"), account("old", "old@x")};
  auto legacy_ann = rec("legacy", 0, "L1", "ann", "ann@x");
  legacy_ann.retiring = true;
  legacy_ann.active = false;
  legacy_ann.attrs.set("title", "from legacy");
  legacy_ann.attrs.set("department", "Legacy dept");
  auto new_ann = rec("okta", 1, "O1", "ann", "ann@x");
  new_ann.attrs.set("title", "from okta");
  auto old = rec("legacy", 0, "L2", "old", "old@x");
  old.retiring = true;
  old.active = false;
  auto newbie = rec("legacy", 0, "L3", "newbie", "new@x");
  newbie.retiring = true;
  auto people = merge_sources({legacy_ann, new_ann}, kKeys);
  REQUIRE(people.size() == 1);
  CHECK(people[0].attrs.get("title") == "from okta");           // the retiring source only fills gaps
  CHECK(people[0].attrs.get("department") == "Legacy dept");
  CHECK(people[0].active == true);                               // its "inactive" does not deprovision
  auto plan = plan_for(dir, {legacy_ann, new_ann, old, newbie});
  CHECK(result(plan, "old").reasons == std::vector<std::string>{"kept_by_retiring_source"});
  CHECK(result(plan, "newbie").reasons == std::vector<std::string>{"retiring_source_only"});
  auto k = kinds(plan);
  CHECK(std::find(k.begin(), k.end(), "user_deactivate:old:") == k.end());
  CHECK(std::find(k.begin(), k.end(), "user_create:newbie:") == k.end());
}

TEST_CASE("a key value two accounts share is ambiguous whatever their order", "[correlate]") {
  for (const std::string old : {"aaa.old", "zzz.old"}) {
    INFO(old);
    DirectoryState dir;
    dir.users = {account("alice", "alice@x"), account(old, "alice@x")};
    std::sort(dir.users.begin(), dir.users.end(), [](const auto& a, const auto& b) { return a.username < b.username; });
    auto plan = plan_for(dir, {rec("hr", 1, "E1", "alice", "alice@x")});
    CHECK(plan.changes.empty());
    CHECK(result(plan, "alice").reasons == std::vector<std::string>{"correlation_ambiguous"});
    CHECK(result(plan, old).reasons == std::vector<std::string>{"correlation_ambiguous"});
  }
}

TEST_CASE("a shared value that includes the account an earlier key found is no ambiguity", "[correlate]") {
  DirectoryState dir;
  dir.users = {account("alice", "alice@x", "E1"), account("alice.admin", "alice@x")};
  ReconcileOptions o;
  o.match_on = {"external_id", "email", "username"};
  auto alice = rec("hr", 1, "E1", "alice", "alice@x");
  alice.attrs.set("external_id", "E1");
  auto plan = reconcile(dir, {alice}, o, *Timestamp::parse("2026-01-01"));
  CHECK(result(plan, "alice").action == "unchanged");
}

TEST_CASE("retiring and ambiguous people are held even outside the required groups", "[correlate]") {
  DirectoryState dir;
  dir.users = {account("carl", "carl@x")};
  auto carl = rec("legacy", 1, "L1", "carl", "carl@x");
  carl.retiring = true;
  carl.groups = std::vector<std::string>{};
  ReconcileOptions o;
  o.match_on = kKeys;
  o.required_groups = {NameMatcher("staff")};
  auto plan = reconcile(dir, {carl}, o, *Timestamp::parse("2026-01-01"));
  CHECK(result(plan, "carl").reasons == std::vector<std::string>{"kept_by_retiring_source"});
  CHECK(plan.changes.empty());
}

TEST_CASE("a person's extras are empty until written, and copied deeply", "[correlate]") {
  DesiredUser a;
  CHECK(a.extras.get().corrected.empty());
  a.extras.set().corrected["email"] = 7;
  DesiredUser b = a;  // corrections keep a copy of what the sources said
  b.extras.set().corrected["email"] = 8;
  CHECK(a.extras.get().corrected.at("email") == 7);
  CHECK(b.extras.get().corrected.at("email") == 8);
  DesiredUser c;
  b = c;
  CHECK(b.extras.get().corrected.empty());
}

TEST_CASE("a replaced key keeps leading to the first person that had it, ambiguous people included", "[correlate]") {
  // hr has two records with one address: bob's record stays a person of its own (ambiguous).
  // okta wins email and gives both new addresses; a badge record still knows the old address:
  // it joins ann, who had it first, as before the index kept hashes.
  auto ann = rec("hr", 1, "E1", "ann", "shared@x");
  auto bob = rec("hr", 1, "E2", "bob", "shared@x");
  auto priority = std::make_shared<std::map<std::string, std::int32_t>>(std::map<std::string, std::int32_t>{{"email", 0}});
  auto okta_bob = rec("okta", 2, "O2", "bob", "bob@new");
  okta_bob.attribute_priority = priority;
  auto okta_ann = rec("okta", 2, "O1", "ann", "ann@new");
  okta_ann.attribute_priority = priority;
  auto badge = rec("badge", 3, "B1", "", "SHARED@x");
  auto people = merge_sources({ann, bob, okta_bob, okta_ann, badge}, kKeys);
  REQUIRE(people.size() == 2);
  const auto& first = people[0].username == "ann" ? people[0] : people[1];
  REQUIRE(first.username == "ann");
  std::vector<std::string> sources;
  for (const auto& s : first.sources) sources.push_back(s.source + ":" + s.record_id);
  CHECK(sources == std::vector<std::string>{"hr:E1", "okta:O1", "badge:B1"});
}
