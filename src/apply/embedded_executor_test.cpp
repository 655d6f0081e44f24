#include "apply/embedded_executor.h"

#include <SQLiteCpp/Transaction.h>

#include <catch2/catch.hpp>

using namespace usersync;

TEST_CASE("the embedded executor carries out every kind of change in order") {
  Database db(":memory:");
  DirectoryStore dir(db);
  DirectoryState seed;
  DirectoryUser old;
  old.username = "old";
  old.groups = {"staff"};
  DirectoryUser ren;
  ren.username = "asmith";
  seed.users = {old, ren};
  seed.groups = {{0, "staff", false}};
  dir.replace_from_export(seed, "sha256:x", Timestamp{0});
  auto v = dir.version();

  Attributes a;
  a.set("email", "new@x");
  std::vector<Change> changes{
      {ChangeKind::group_create, "", "eng", "", {}, "eng", {}, {}},
      {ChangeKind::user_create, "new", "", "", {}, {}, a, {}},
      {ChangeKind::membership_add, "new", "eng", "", {}, {}, {}, {}},
      {ChangeKind::user_rename, "ajones", "", "username", "asmith", "ajones", {}, {}},
      {ChangeKind::user_update, "ajones", "", "title", {}, "Dev", {}, {}},
      {ChangeKind::membership_remove, "old", "staff", "", {}, {}, {}, {}},
      {ChangeKind::user_deactivate, "old", "", "", "true", "false", {}, {}},
  };
  EmbeddedExecutor exec(dir);
  CHECK(exec.name() == "embedded");
  CHECK(exec.apply(changes, Timestamp{60}).count(Outcome::applied) == 7);
  CHECK_FALSE(exec.remote());
  CHECK(dir.version() == v + 1);
  auto state = dir.load();
  REQUIRE(state.users.size() == 3);
  CHECK(state.users[0].username == "ajones");
  CHECK(state.users[0].attrs.get("title") == "Dev");
  CHECK(state.users[1].username == "new");
  CHECK(state.users[1].groups == std::vector<std::string>{"eng"});
  CHECK(state.users[1].created_by_usersync);
  CHECK_FALSE(state.users[2].active);
  CHECK(state.users[2].groups.empty());
}

TEST_CASE("an empty plan leaves the directory version alone") {
  Database db(":memory:");
  DirectoryStore dir(db);
  auto v = dir.version();
  EmbeddedExecutor(dir).apply({}, Timestamp{0});
  CHECK(dir.version() == v);
}

TEST_CASE("a failing change rolls the whole plan back with the caller's transaction") {
  Database db(":memory:");
  DirectoryStore dir(db);
  std::vector<Change> changes{{ChangeKind::user_create, "ann", "", "", {}, {}, {}, {}},
                              {ChangeKind::membership_add, "ann", "no-such-group", "", {}, {}, {}, {}}};
  {
    SQLite::Transaction tx(db.sql());
    REQUIRE_THROWS(EmbeddedExecutor(dir).apply(changes, Timestamp{0}));
  }
  CHECK(dir.user_count() == 0);
}
