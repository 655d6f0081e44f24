#include "rules/transform.h"

#include <catch2/catch.hpp>

#include "rules/mapping.h"
#include "rules/presets.h"
#include "tests/test_util.h"

using namespace usersync;

namespace {
SourceUser user_with(const std::string& email) {
  SourceUser u;
  u.username = "jdoe";
  u.attrs.set("email", email);
  return u;
}
TransformSpec rule(std::string attribute, std::string match, std::optional<std::string> replace) {
  TransformSpec t;
  t.attribute = std::move(attribute);
  t.match = std::move(match);
  t.replace = std::move(replace);
  return t;
}
}  // namespace

TEST_CASE("the first matching rule of an attribute wins") {
  Transforms t({rule("email", "@old\\.example$", "@example.com"), rule("email", "@.*$", "@other.example")}, {});
  auto rec = test::make_record({"x"}, {"1"});
  auto u = user_with("a@old.example");
  t.apply(rec, u, "hr");
  CHECK(u.attrs.get("email") == "a@example.com");
  u = user_with("a@elsewhere");
  t.apply(rec, u, "hr");
  CHECK(u.attrs.get("email") == "a@other.example");
}

TEST_CASE("capture groups and case-insensitive matching") {
  auto r = rule("username", "^(\\w+)\\.(\\w+)$", "${2}_$1");
  Transforms t({r}, {});
  auto rec = test::make_record({"x"}, {"1"});
  SourceUser u;
  u.username = "john.doe";
  t.apply(rec, u, "hr");
  CHECK(u.username == "doe_john");
  auto ci = rule("email", "@EXAMPLE\\.COM$", "@example.com");
  ci.case_insensitive = true;
  Transforms t2({ci}, {});
  auto v = user_with("a@Example.Com");
  t2.apply(rec, v, "hr");
  CHECK(v.attrs.get("email") == "a@example.com");
}

TEST_CASE("no-match policies: keep, clear, ignore, skip_user") {
  auto rec = test::make_record({"x"}, {"1"});
  auto only_corp = rule("email", "@corp\\.example$", std::nullopt);
  for (auto [policy, check] : std::vector<std::pair<NoMatch, std::function<void(const SourceUser&)>>>{
           {NoMatch::keep, [](const SourceUser& u) { CHECK(u.attrs.get("email") == "a@x"); }},
           {NoMatch::clear, [](const SourceUser& u) { CHECK((u.attrs.has("email") && u.attrs.get("email").empty())); }},
           {NoMatch::ignore, [](const SourceUser& u) { CHECK_FALSE(u.attrs.has("email")); }},
           {NoMatch::skip_user, [](const SourceUser& u) {
              CHECK(u.skip);
              CHECK(u.reasons == std::vector<std::string>{"no_rule_matched:email"});
            }}}) {
    Transforms t({only_corp}, {{"email", policy}});
    auto u = user_with("a@x");
    t.apply(rec, u, "hr");
    check(u);
  }
}

TEST_CASE("conditions restrict rules to records, attributes, groups or sources") {
  auto r = rule("email", "@.*$", "@contractors.example");
  ConditionSpec when;
  when.field = "type";
  when.equals = "External";
  r.when = when;
  Transforms t({r}, {});
  auto ext = test::make_record({"type"}, {"external"});
  auto emp = test::make_record({"type"}, {"employee"});
  auto u = user_with("a@x");
  t.apply(ext, u, "hr");
  CHECK(u.attrs.get("email") == "a@contractors.example");
  u = user_with("a@x");
  t.apply(emp, u, "hr");
  CHECK(u.attrs.get("email") == "a@x");

  ConditionSpec src;
  src.source = "contractors";
  Condition c(src);
  CHECK(c.holds(emp, u, "contractors"));
  CHECK_FALSE(c.holds(emp, u, "hr"));
  ConditionSpec grp;
  grp.in_group = "/^eng/";
  u.groups = std::vector<std::string>{"engineering"};
  CHECK(Condition(grp).holds(emp, u, "hr"));
  ConditionSpec attr;
  attr.attribute = "email";
  attr.matches = "@x$";
  CHECK(Condition(attr).holds(emp, u, "hr"));
  ConditionSpec empty;
  empty.where = {"c.toml", 3, 8, ""};
  CHECK_THROWS_WITH(Condition(empty), Catch::StartsWith("c.toml:3:8: empty condition"));
}

TEST_CASE("a rule that hits the match limit is an error of that user, not of the run") {
  Transforms t({rule("email", "^(a+)+$", "x")}, {});
  auto rec = test::make_record({"x"}, {"1"});
  auto u = user_with(std::string(40, 'a') + "b");
  t.apply(rec, u, "hr");
  REQUIRE(u.errors.size() == 1);
  CHECK(u.errors[0].rfind("email: pattern /^(a+)+$/ failed on this value", 0) == 0);
}

TEST_CASE("conditional mappings: the first entry whose condition holds wins") {
  ConditionSpec ext;
  ext.field = "type";
  ext.equals = "external";
  Mapping m({{"username", "login", {}, std::nullopt},
             {"title", "Contractor", {}, ext, true},
             {"title", "{{ job }}", {}, std::nullopt}},
            {";", "hr"});
  CHECK(m.map(test::make_record({"login", "type", "job"}, {"a", "external", "Dev"})).attrs.get("title") ==
        "Contractor");
  CHECK(m.map(test::make_record({"login", "type", "job"}, {"a", "employee", "Dev"})).attrs.get("title") == "Dev");
}

TEST_CASE("presets are listed and complete") {
  REQUIRE(find_preset("hr-csv"));
  REQUIRE(find_preset("atlassian-cloud"));
  CHECK_FALSE(find_preset("nope"));
  for (const auto& p : preset_table()) {
    std::vector<MappingEntry> entries;
    for (const auto& [a, t] : p.mapping) entries.push_back({std::string(a), std::string(t), {}, std::nullopt});
    Mapping m(entries, {std::string(p.group_separator), ""});  // every template compiles
    CHECK(m.maps("username"));
  }
  Mapping atl(
      [] {
        std::vector<MappingEntry> e;
        for (const auto& [a, t] : find_preset("atlassian-cloud")->mapping)
          e.push_back({std::string(a), std::string(t), {}, std::nullopt});
        return e;
      }(),
      {",", ""});
  auto u = atl.map(test::make_record(
      {"User id", "User name", "email", "User status", "Groups"},
      {"5b10ac8d82e05b22cc7d4ef5", "Zoë Jäger", "Zoe.Jaeger@Example.com", "Suspended", "jira-users,staff"}));
  CHECK(u.username == "zoe.jaeger");
  CHECK(u.attrs.get("first_name") == "Zoë");
  CHECK(u.active == false);
  CHECK(*u.groups == std::vector<std::string>{"jira-users", "staff"});
}
