#include "store/database.h"

#include <SQLiteCpp/Transaction.h>

#include <catch2/catch.hpp>

#include "model/errors.h"
#include "store/schema.h"
#include "tests/test_util.h"

using namespace usersync;

TEST_CASE("a new database is created at the current schema version") {
  Database db(":memory:");
  CHECK(db.schema_version() == Database::current_schema_version());
  CHECK(db.meta("missing", "x") == "x");
  db.set_meta("k", "1");
  db.set_meta("k", "2");
  CHECK(db.meta("k") == "2");
}

TEST_CASE("reopening a database keeps its data and does not migrate twice") {
  test::TempDir dir;
  auto path = dir.path("state.db");
  { Database(path).set_meta("k", "kept"); }
  Database again(path);
  CHECK(again.meta("k") == "kept");
}

TEST_CASE("a database from a newer usersync is refused with a clear message") {
  test::TempDir dir;
  auto path = dir.path("state.db");
  { Database(path).sql().exec("PRAGMA user_version = 999"); }
  REQUIRE_THROWS_AS(Database(path), InputError);
  REQUIRE_THROWS_WITH(Database(path), Catch::Contains("schema version 999, newer than this usersync understands"));
}

TEST_CASE("a database at an older schema migrates forward on open and keeps its data") {
  test::TempDir dir;
  auto path = dir.path("v1.db");
  {
    SQLite::Database v1(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    v1.exec(std::string(schema_migrations().at(0)));
    v1.exec("PRAGMA user_version = 1");
    v1.exec("INSERT INTO directory_users(username, username_key, active, attributes) VALUES('ann', 'ann', 0, '{}')");
  }
  Database db(path);
  CHECK(db.schema_version() == Database::current_schema_version());
  CHECK(db.sql().execAndGet("SELECT username || ':' || deactivation_reason FROM directory_users").getString() ==
        "ann:");
  CHECK(db.sql().execAndGet("SELECT count(*) FROM group_conflicts").getInt() == 0);
}

TEST_CASE("a file that is not SQLite is refused") {
  test::TempDir dir;
  auto path = dir.write("junk.db", std::string(4096, 'x'));
  REQUIRE_THROWS_AS(Database(path), InputError);
}

TEST_CASE("a migration inside the caller's transaction is undone with it (validate)") {
  test::TempDir dir;
  auto path = dir.path("v1.db");
  {
    SQLite::Database v1(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    v1.exec(std::string(schema_migrations().at(0)));
    v1.exec("PRAGMA user_version = 1");
  }
  {
    Database db(path, Database::Migration::in_caller_transaction);
    CHECK(db.schema_version() == 1);
    SQLite::Transaction tx(db.sql());
    db.migrate_uncommitted();
    CHECK(db.schema_version() == Database::current_schema_version());
    CHECK(db.sql().execAndGet("SELECT count(*) FROM group_conflicts").getInt() == 0);
  }  // rolled back
  SQLite::Database raw(path, SQLite::OPEN_READONLY);
  CHECK(raw.execAndGet("PRAGMA user_version").getInt() == 1);
  CHECK_FALSE(raw.tableExists("group_conflicts"));
}
