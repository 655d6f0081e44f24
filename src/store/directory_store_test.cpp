#include "store/directory_store.h"

#include <catch2/catch.hpp>

using namespace usersync;

namespace {
DirectoryUser user(const std::string& name, bool active, std::vector<std::string> groups) {
  DirectoryUser u;
  u.username = name;
  u.active = active;
  u.attrs.set("email", name + "@x");
  u.groups = std::move(groups);
  return u;
}
const Timestamp t0{1000000}, t1{2000000};
}  // namespace

TEST_CASE("an export replaces the directory and bumps its version") {
  Database db(":memory:");
  DirectoryStore dir(db);
  DirectoryState exported;
  exported.users = {user("ann", true, {"staff"}), user("bob", false, {"staff", "Eng"})};
  exported.groups = {{0, "Eng", false}, {0, "staff", false}};
  auto v = dir.version();
  dir.replace_from_export(exported, "sha256:1", t0);
  CHECK(dir.version() == v + 1);
  CHECK(dir.export_checksum() == "sha256:1");
  auto state = dir.load();
  REQUIRE(state.users.size() == 2);
  CHECK(state.users[1].username == "bob");
  CHECK(state.users[1].groups == std::vector<std::string>{"Eng", "staff"});
  CHECK(state.users[1].deactivated_at == t0);
  CHECK(state.users[0].first_seen == t0);
  CHECK(dir.user_count() == 2);
  CHECK(dir.group_count() == 2);
}

TEST_CASE("a refresh keeps usersync's tracking for users still there") {
  Database db(":memory:");
  DirectoryStore dir(db);
  DirectoryState exported;
  exported.users = {user("ann", true, {})};
  dir.replace_from_export(exported, "sha256:1", t0);
  dir.mark_seen_in_source("ann", t0);
  dir.create_user("new", {}, true, t0);
  exported.users = {user("ANN", true, {}), user("new", true, {})};
  dir.replace_from_export(exported, "sha256:2", t1);
  auto state = dir.load();
  CHECK(state.users[0].first_seen == t0);
  CHECK(state.users[0].last_seen_in_source == t0);
  CHECK(state.users[1].created_by_usersync);
}

TEST_CASE("single writes change exactly one thing") {
  Database db(":memory:");
  DirectoryStore dir(db);
  dir.create_group("staff");
  dir.create_user("ann", {}, true, t0);
  dir.add_membership("ann", "STAFF");
  dir.set_attribute("ann", "email", "ann@x");
  dir.rename_user("ann", "anna");
  dir.set_active("anna", false, t1);
  auto u = dir.load().users.at(0);
  CHECK(u.username == "anna");
  CHECK(u.attrs.get("email") == "ann@x");
  CHECK_FALSE(u.active);
  CHECK(u.deactivated_at == t1);
  CHECK(u.groups == std::vector<std::string>{"staff"});
  dir.set_active("anna", true, t1);
  CHECK_FALSE(dir.load().users.at(0).deactivated_at.has_value());
  dir.set_attribute("anna", "email", std::nullopt);
  dir.remove_membership("anna", "staff");
  u = dir.load().users.at(0);
  CHECK_FALSE(u.attrs.has("email"));
  CHECK(u.groups.empty());
  dir.delete_user("anna");
  CHECK(dir.user_count() == 0);
}

TEST_CASE("writing to a user that does not exist is an internal error") {
  Database db(":memory:");
  DirectoryStore dir(db);
  REQUIRE_THROWS_WITH(dir.set_active("ghost", false, t0), "directory has no user 'ghost'");
}
