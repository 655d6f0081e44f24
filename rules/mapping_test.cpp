#include "rules/mapping.h"

#include <catch2/catch.hpp>

#include "tests/test_util.h"

using namespace usersync;
using test::make_record;

namespace {
Mapping sample_mapping() {
  return Mapping({{"username", "login", {}},
                  {"email", "mail", {}},
                  {"display_name", "{{ first }} {{ last }}", {}},
                  {"active", "status", {}},
                  {"groups", "groups", {}},
                  {"department", "dept", {}}},
                 {"|"});
}
}  // namespace

TEST_CASE("a record maps to the user its source wants") {
  auto u = sample_mapping().map(make_record({"login", "mail", "first", "last", "status", "groups", "dept"},
                                            {" jdoe ", "j@x", "John", "Doe", "Inactive", "b|A| a |", ""}));
  CHECK(u.username == "jdoe");
  CHECK(u.attrs.get("email") == "j@x");
  CHECK(u.attrs.get("display_name") == "John Doe");
  CHECK(u.active == false);
  REQUIRE(u.groups.has_value());
  CHECK(*u.groups == std::vector<std::string>{"A", "b"});  // sorted, case-insensitive duplicates dropped
  CHECK_FALSE(u.attrs.has("department"));                  // empty means "not provided"
  CHECK(u.ref.line == 4);
}

TEST_CASE("a source without groups or active mapping says nothing about them") {
  Mapping m({{"username", "login", {}}}, {});
  auto u = m.map(make_record({"login"}, {"jdoe"}));
  CHECK_FALSE(u.groups.has_value());
  CHECK_FALSE(u.active.has_value());
  CHECK(m.maps("username"));
  CHECK_FALSE(m.maps("email"));
}

TEST_CASE("a value that is not a boolean is an error at its field") {
  try {
    sample_mapping().map(make_record({"login", "mail", "first", "last", "status", "groups", "dept"},
                                     {"jdoe", "j@x", "J", "D", "perhaps", "", ""}));
    FAIL("expected an error");
  } catch (const InputError& e) {
    CHECK(
        std::string(e.what()) ==
        "hr.csv:4:14: 'perhaps' is not a valid value for active; expected true/false, yes/no, 1/0 or active/inactive\n"
        "  jdoe,j@x,J,D,perhaps,,\n"
        "               ^");
  }
}

TEST_CASE("check_fields names a missing field and suggests the closest") {
  Header h({"login", "mail", "first", "lsat", "status", "groups", "dept"});
  try {
    sample_mapping().check_fields(h, SourceLocation{"hr.csv", 1, 0, ""}, "usersync.toml");
    FAIL("expected an error");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()) ==
          "hr.csv:1: the mapping for 'display_name' (usersync.toml:0) reads field 'last', which this file does not "
          "have; did you mean 'lsat'? The fields are: login, mail, first, lsat, status, groups, dept");
  }
}

TEST_CASE("a malformed template is an error at the config, also where plain text is fixed text") {
  auto error_of = [](MappingEntry e) {
    try {
      Mapping({{"username", "login", {}}, std::move(e)}, {});
    } catch (const ConfigError& err) {
      return std::string(err.what());
    }
    return std::string("no error");
  };
  SourceLocation at{"c.toml", 3, 9, ""};
  CHECK(error_of({"title", "Contractor }}", at, std::nullopt, true}) ==
        "c.toml:3:21: in template \"Contractor }}\": '}}' without an opening '{{'");
  CHECK(error_of({"title", "{{ type | title ", at, std::nullopt, true}) ==
        "c.toml:3:10: in template \"{{ type | title \": '{{' without a closing '}}'");
  CHECK(error_of({"title", "Contractor", at, std::nullopt, true}) == "no error");  // fixed text
  CHECK(error_of({"title", "job title", at, std::nullopt, false}) == "no error");  // a field
}

namespace {
// An Atlassian-style export: groups pivoted into numbered columns, one last-seen column per product.
const std::vector<std::string> kAtlassian{"User id",
                                          "email",
                                          "User status",
                                          "Group 1",
                                          "Group 2",
                                          "Group 3",
                                          "Last seen in Jira - acme",
                                          "Last seen in Confluence - acme",
                                          "Billable"};
Mapping atlassian_mapping() {
  return Mapping({{"external_id", "User id", {}},
                  {"username", "{{ email | before('@') }}", {}},
                  {"active", "{{ User status | map({'Active': true}, false) }}", {}},
                  {"groups", "{{ fields('^Group \\d+$') }}", {}},
                  {"last_login",
                   "{{ fields('^Last seen in ') | map({'Never accessed': ''}) | date('%Y-%m-%dT%H:%M:%SZ', "
                   "['%d %b %Y %H:%M:%S', '%d %b %Y']) | max }}",
                   {}},
                  {"billable", "{{ Billable | map({'Yes': true, 'No': false}) }}", {}}},
                 {","});
}
}  // namespace

TEST_CASE("fields() maps pivoted group columns and the latest of several last-seen columns") {
  auto m = atlassian_mapping();
  auto u = m.map(make_record(kAtlassian, {"557058:1", "anna@x", "Active", "jira-users", "", "Confluence-Users",
                                          "14 Dec 2023", "Never accessed", "Yes"}));
  CHECK(u.errors.empty());
  CHECK(u.username == "anna");
  CHECK(u.active == true);
  REQUIRE(u.groups.has_value());
  CHECK(*u.groups == std::vector<std::string>{"Confluence-Users", "jira-users"});
  CHECK(u.attrs.get("last_login") == "2023-12-14T00:00:00Z");
  CHECK(u.attrs.get("billable") == "true");

  auto v = m.map(make_record(
      kAtlassian, {"557058:2", "bob@x", "Suspended", "", "", "", "Never accessed", "14 Dec 2012 15:31:57", "No"}));
  CHECK(v.active == false);
  REQUIRE(v.groups.has_value());
  CHECK(v.groups->empty());
  CHECK(v.attrs.get("last_login") == "2012-12-14T15:31:57Z");
  CHECK(v.attrs.get("billable") == "false");

  auto w = m.map(
      make_record(kAtlassian, {"557058:3", "cy@x", "Active", "", "", "", "Never accessed", "Never accessed", ""}));
  CHECK_FALSE(w.attrs.has("last_login"));  // never seen: the source does not say
  CHECK_FALSE(w.attrs.has("billable"));

  auto bad = m.map(make_record(kAtlassian, {"557058:4", "di@x", "Active", "", "", "", "14 Dcm 2023", "", ""}));
  CHECK(bad.errors == std::vector<std::string>{"last_login: '14 Dcm 2023' is not a date in any of the formats "
                                               "'%d %b %Y %H:%M:%S', '%d %b %Y'"});
}

TEST_CASE("check_fields wants a field matching each fields() pattern of groups, not a field named by it") {
  auto m = atlassian_mapping();
  CHECK_NOTHROW(m.check_fields(Header(kAtlassian), SourceLocation{"users.csv", 1, 0, ""}, "usersync.toml"));
  // No last-seen column: last_login is empty, "the source does not say", so that is no error.
  CHECK_NOTHROW(
      m.check_fields(Header({"User id", "email", "User status", "Billable", "Group 1"}), SourceLocation{"users.csv", 1, 0, ""}, "usersync.toml"));
  auto error_for = [&](std::vector<std::string> names) {
    try {
      m.check_fields(Header(std::move(names)), SourceLocation{"users.csv", 1, 0, ""}, "usersync.toml");
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(error_for({"User id", "email", "User status", "Billable", "Last seen in Jira - acme"}) ==
        "users.csv:1: the mapping for 'groups' (usersync.toml:0) reads fields('^Group \\d+$'), which matches no field "
        "of this file. The fields are: User id, email, User status, Billable, Last seen in Jira - acme");
  CHECK(error_for({"User id", "email", "User status", "Billable", "group 1", "Last seen in Jira - acme"}) ==
        "users.csv:1: the mapping for 'groups' (usersync.toml:0) reads fields('^Group \\d+$'), which matches no field "
        "of this file; names are matched case-sensitively, '(?i)' ignores case. The fields are: User id, email, User "
        "status, Billable, group 1, Last seen in Jira - acme");
}
