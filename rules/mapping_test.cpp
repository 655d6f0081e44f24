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
    sample_mapping().check_fields(h, "hr.csv", "usersync.toml");
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
