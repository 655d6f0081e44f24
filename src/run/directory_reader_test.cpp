#include "run/directory_reader.h"

#include <catch2/catch.hpp>
#include <functional>

#include "tests/test_util.h"

using namespace usersync;

namespace {
std::string message(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

/// A config whose directory is `csv` (written as dir.csv), with `directory_keys` in [directory].
struct Setup {
  test::TempDir dir;
  Config cfg;
  Setup(const std::string& csv, const std::string& directory_keys = "") {
    dir.write("dir.csv", csv);
    dir.write("usersync.toml", "[directory]\npath = \"dir.csv\"\n" + directory_keys +
                                   "\n[[source]]\nname = \"hr\"\npath = \"hr.csv\"\n[source.mapping]\nusername = "
                                   "\"login\"\n");
    cfg = load_config(dir.path("usersync.toml"));
  }
};
}  // namespace

TEST_CASE("a native export reads usersync's columns and keeps others as attributes") {
  Setup s(
      "username,email,active,groups,last_login,department\n"
      "jdoe,j@x,true,staff;Eng,2026-01-02,R&D\n"
      "ann,a@x,false,,,\n");
  auto state = read_directory(s.cfg);
  REQUIRE(state.users.size() == 2);
  CHECK(state.users[0].username == "ann");
  CHECK_FALSE(state.users[0].active);
  CHECK(state.users[1].groups == std::vector<std::string>{"Eng", "staff"});
  CHECK(state.users[1].attrs.get("department") == "R&D");
  CHECK(state.users[1].last_login->iso() == "2026-01-02T00:00:00Z");
  CHECK(state.groups.size() == 2);
}

TEST_CASE("a native export with bad values is refused at the value") {
  CHECK(
      message([] { read_directory(Setup("username,active\njdoe,perhaps\n").cfg); })
          .find(
              "dir.csv:2:6: 'perhaps' is not a valid value for active; expected true or false\n  jdoe,perhaps\n       "
              "^") != std::string::npos);
  CHECK(message([] { read_directory(Setup("login\njdoe\n").cfg); })
            .find("dir.csv:1: the directory export has no 'username' column; its columns are: login. An export in "
                  "another "
                  "layout needs a preset or a [directory.mapping]") != std::string::npos);
  CHECK(message([] { read_directory(Setup("username,last_login\njdoe,yesterday\n").cfg); })
            .find("dir.csv:2:6: 'yesterday' is not a valid last_login; expected an ISO 8601 date such as 2026-11-22 "
                  "or 2026-11-22T09:00:00Z") != std::string::npos);
}

TEST_CASE("rows of one user are merged: groups add up, other values must agree") {
  Setup s(
      "username,email,groups\n"
      "jdoe,j@x,staff\n"
      "ann,a@x,\n"
      "jdoe,,eng\n");
  auto state = read_directory(s.cfg);
  REQUIRE(state.users.size() == 2);
  CHECK(state.users[1].username == "jdoe");
  CHECK(state.users[1].groups == std::vector<std::string>{"eng", "staff"});
  CHECK(state.users[1].attrs.get("email") == "j@x");
  CHECK(message([] {
          read_directory(Setup("username\njdoe\nJDOE\n").cfg);
        }).find("dir.csv:3: user 'JDOE' has the username 'JDOE' here but 'jdoe' on line 2") != std::string::npos);
  auto m = message([] { read_directory(Setup("username,email\njdoe,j@x\njdoe,other@x\n").cfg); });
  CHECK(m.find("dir.csv:3: user 'jdoe' has email 'other@x' here but 'j@x' on line 2; the rows of one user must "
               "agree (only their groups add up)\n  jdoe,other@x") != std::string::npos);
}

TEST_CASE("merged rows: an empty active says nothing, and the latest last_login wins") {
  auto state = read_directory(Setup("username,active,last_login,groups\n"
                                    "ann,false,2026-02-01,g1\n"
                                    "ann,,2026-03-01,g2\n"
                                    "ann,false,,g3\n")
                                  .cfg);
  REQUIRE(state.users.size() == 1);
  CHECK_FALSE(state.users[0].active);
  CHECK(state.users[0].last_login->iso() == "2026-03-01T00:00:00Z");
  CHECK(state.users[0].attrs.get("last_login") == "2026-03-01T00:00:00Z");
  CHECK(state.users[0].groups == std::vector<std::string>{"g1", "g2", "g3"});
  CHECK(message([] {
          read_directory(Setup("username,active\nann,true\nann,false\n").cfg);
        }).find("dir.csv:3: user 'ann' has active 'false' here but 'true' on line 2") != std::string::npos);
}

TEST_CASE("a mapped export goes through the rule engine") {
  Setup s(
      "Login,Mail,Status,Team\n"
      "jdoe,j@x,Yes,staff\n"
      "jdoe,j@x,Yes,eng\n"
      "ann,a@x,No,\n",
      "[directory.mapping]\nusername = \"Login\"\nemail = \"{{ Mail | upper }}\"\nactive = \"Status\"\ngroups = "
      "\"Team\"\n");
  auto state = read_directory(s.cfg);
  REQUIRE(state.users.size() == 2);
  CHECK_FALSE(state.users[0].active);
  CHECK(state.users[1].attrs.get("email") == "J@X");
  CHECK(state.users[1].groups == std::vector<std::string>{"eng", "staff"});
  CHECK(state.users[1].attrs.get("Mail").empty());  // a mapped export's columns are fields, not attributes
}

TEST_CASE("lenient_quotes reaches the directory export's reader") {
  CHECK(message([] {
          read_directory(Setup("username,display_name\nfk,Fatima \"Fati\"\n").cfg);
        }).find("dir.csv:2:11: ") != std::string::npos);
  auto state = read_directory(Setup("username,display_name\nfk,Fatima \"Fati\"\n", "lenient_quotes = true\n").cfg);
  CHECK(state.users[0].attrs.get("display_name") == "Fatima \"Fati\"");
}
