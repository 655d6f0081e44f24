#include "store/directory_store.h"

#include <SQLiteCpp/Statement.h>

#include <catch2/catch.hpp>
#include <map>

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
  dir.mark_seen_in_source({"ann"}, t0);
  dir.create_user("new", {}, true, t0);
  exported.users = {user("ANN", true, {}), user("new", true, {})};
  dir.replace_from_export(exported, "sha256:2", t1);
  auto state = dir.load();
  CHECK(state.users[0].first_seen == t0);
  CHECK(state.users[0].last_seen_in_source == t0);
  CHECK(state.users[1].created_by_usersync);
}

TEST_CASE("a refresh writes only what the export changed") {
  Database db(":memory:");
  DirectoryStore dir(db);
  DirectoryState exported;
  exported.users = {user("ann", true, {"staff"}), user("bob", true, {"staff", "Eng"}), user("cid", true, {"Eng"}),
                    user("dan", true, {"Old"})};
  exported.groups = {{0, "Eng", false}, {0, "Old", false}, {0, "staff", false}};
  dir.replace_from_export(exported, "sha256:1", t0);
  dir.set_active("ann", false, t0, "missing_from_sources");  // usersync's own record of a deactivation
  auto ids = [&] {
    std::map<std::string, std::int64_t> out;
    SQLite::Statement q(db.sql(), "SELECT username_key, id FROM directory_users");
    while (q.executeStep()) out[q.getColumn(0).getString()] = q.getColumn(1).getInt64();
    return out;
  };
  auto before = ids();
  // Count the row writes the refresh makes.
  db.sql().exec("CREATE TEMP TABLE writes(what TEXT); "
                "CREATE TEMP TRIGGER uw AFTER UPDATE ON directory_users BEGIN INSERT INTO writes VALUES('u:' || new.username); END; "
                "CREATE TEMP TRIGGER ui AFTER INSERT ON directory_users BEGIN INSERT INTO writes VALUES('i:' || new.username); END; "
                "CREATE TEMP TRIGGER ud AFTER DELETE ON directory_users BEGIN INSERT INTO writes VALUES('d:' || old.username); END; "
                "CREATE TEMP TRIGGER mi AFTER INSERT ON directory_memberships BEGIN INSERT INTO writes VALUES('m+'); END; "
                "CREATE TEMP TRIGGER md AFTER DELETE ON directory_memberships BEGIN INSERT INTO writes VALUES('m-'); END;");

  exported.users = {user("ann", false, {"staff"}), user("Bob", true, {"staff", "Eng"}), user("cid", true, {"Eng", "New"}),
                    user("eve", true, {"staff"})};
  exported.users[0].attrs.set("email", "ann@y");
  exported.groups = {{0, "Eng", false}, {0, "New", false}, {0, "staff", false}};
  dir.replace_from_export(exported, "sha256:2", t1);

  std::vector<std::string> writes;
  SQLite::Statement q(db.sql(), "SELECT what FROM writes ORDER BY rowid");
  while (q.executeStep()) writes.push_back(q.getColumn(0).getString());
  // Old went (with dan's membership), cid joined New, dan left, ann changed, Bob's spelling changed, eve is new.
  CHECK(writes == std::vector<std::string>{"m-", "m+", "d:dan", "u:ann", "u:Bob", "i:eve", "m+"});
  auto after = ids();
  CHECK(after.at("ann") == before.at("ann"));
  CHECK(after.at("bob") == before.at("bob"));
  CHECK(after.at("cid") == before.at("cid"));
  CHECK_FALSE(after.count("dan"));

  auto state = dir.load();
  REQUIRE(state.users.size() == 4);
  CHECK(state.users[0].attrs.get("email") == "ann@y");
  CHECK(state.users[0].deactivated_at == t0);  // kept: the export agrees that ann is inactive
  CHECK(state.users[0].deactivation_reason.empty());  // what the export says replaces usersync's reason
  CHECK(state.users[1].username == "Bob");
  CHECK(state.users[2].groups == std::vector<std::string>{"Eng", "New"});
  CHECK(state.users[3].username == "eve");
  CHECK(state.users[3].first_seen == t1);
  CHECK(dir.group_count() == 3);  // Old is gone
  CHECK(db.sql().execAndGet("SELECT COUNT(*) FROM directory_memberships").getInt64() == 6);
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
