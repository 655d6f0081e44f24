#include "store/staging_store.h"

#include <catch2/catch.hpp>
#include <map>

using namespace usersync;

namespace {
Record dump_record(const std::string& id, const std::string& login) {
  Record r;
  r.header = std::make_shared<const Header>(std::vector<std::string>{"id", "login", "roles"});
  r.values = {id, login, "a; b"};
  r.lists = {std::nullopt, std::nullopt, std::vector<std::string>{"a", "b"}};
  r.file = "/dump/users-page-1.json";
  r.pointer = "/0";
  r.id = id;
  return r;
}
StagedMembership member(const std::string& group, const std::string& who, bool is_group = false) {
  return StagedMembership{group, who, "", is_group, "", "/dump/groups-x-members-page-1.json", 0, "/0"};
}

struct Staged {
  Database db{":memory:"};
  StagingStore staging{db};
  std::int64_t id = staging.begin_import("idp", "okta", "dump", Timestamp{0});

  /// record id -> its @groups, as the join gives them.
  std::map<std::string, std::vector<std::string>> join(bool flatten, std::int64_t* ignored = nullptr) {
    std::map<std::string, std::vector<std::string>> out;
    auto counts = staging.for_each_joined(id, flatten, [&](JoinedRecord& j) {
      CHECK(j.record.list("roles"));  // lists survive staging
      out[j.record_id] = *j.record.list("@groups");
    });
    if (ignored) *ignored = counts.ignored;
    return out;
  }
};
}  // namespace

TEST_CASE("memberships join records whatever came first, unknown members are counted", "[staging]") {
  Staged s;
  s.staging.add_membership(s.id, member("g1", "u1"));  // before the user it names
  s.staging.add_unmapped(s.id, dump_record("u1", "ann"), "u1");
  s.staging.add_unmapped(s.id, dump_record("u2", "bob"), "u2");
  s.staging.add_group(s.id, {"g1", "Staff", "f", 0, "/0"});
  s.staging.add_membership(s.id, member("g1", "nobody"));
  std::int64_t ignored = 0;
  auto groups = s.join(false, &ignored);
  CHECK(groups["u1"] == std::vector<std::string>{"Staff"});
  CHECK(groups["u2"].empty());
  CHECK(ignored == 1);
}

TEST_CASE("nested groups count only when flattened, cycles end", "[staging]") {
  Staged s;
  s.staging.add_unmapped(s.id, dump_record("u1", "ann"), "u1");
  s.staging.add_group(s.id, {"eng", "Engineering", "f", 0, ""});
  s.staging.add_group(s.id, {"be", "Backend", "f", 0, ""});
  s.staging.add_group(s.id, {"db", "Databases", "f", 0, ""});
  s.staging.add_membership(s.id, member("db", "u1"));
  s.staging.add_membership(s.id, member("be", "db", true));   // Databases inside Backend
  s.staging.add_membership(s.id, member("eng", "be"));        // by ref only, as LDAP member DNs are
  s.staging.add_membership(s.id, member("db", "eng", true));  // a cycle
  CHECK(s.join(false)["u1"] == std::vector<std::string>{"Databases"});
  CHECK(s.join(true)["u1"] == std::vector<std::string>{"Backend", "Databases", "Engineering"});
}

TEST_CASE("a dump listing one id twice is refused at the second place", "[staging]") {
  Staged s;
  s.staging.add_unmapped(s.id, dump_record("u1", "ann"), "u1");
  auto again = dump_record("u1", "ann2");
  again.pointer = "/7";
  CHECK_THROWS_WITH(s.staging.add_unmapped(s.id, again, "u1"),
                    Catch::Contains("users-page-1.json#/7/id: duplicate id 'u1': /dump/users-page-1.json#/0 has it too"));
  CHECK(s.staging.record_place(s.id, "u1") == std::optional<std::string>("/dump/users-page-1.json#/0"));
}

namespace {
std::int64_t count(Database& db, const std::string& sql) { return db.sql().execAndGet(sql).getInt64(); }
}  // namespace

TEST_CASE("a mapped record keeps only its mapped form, and older imports only their counts", "[staging]") {
  Database db(":memory:");
  StagingStore staging(db);
  auto stage = [&](const std::string& login) {
    auto id = staging.begin_import("hr", "csv", "hr.csv", Timestamp{0});
    SourceUser u;
    u.username = login;
    u.attrs.set("email", login + "@example.com");
    u.groups = std::vector<std::string>{"Staff"};
    staging.add_record(id, login, dump_record(login, login), u);
    staging.finish_import({id, "hr", "csv", "hr.csv", "sum-" + login, 1, "utf-8", ",", "", "", 0, 0, 0, 1});
    staging.prune("hr", 3);
    return id;
  };
  auto first = stage("ann");
  CHECK(count(db, "SELECT COUNT(*) FROM source_records WHERE raw != ''") == 0);
  auto info = staging.latest_import("hr");
  REQUIRE(info);
  auto users = staging.load_users(*info, 1);
  REQUIRE(users.size() == 1);
  CHECK(users[0].username == "ann");
  CHECK(users[0].attrs.get("email") == "ann@example.com");
  CHECK(users[0].groups == std::optional(std::vector<std::string>{"Staff"}));
  CHECK(users[0].ref.record_id == "ann");

  stage("bob");
  auto third = stage("cid");
  stage("dan");
  // Three imports kept as figures, one with records.
  CHECK(count(db, "SELECT COUNT(*) FROM imports") == 3);
  CHECK(count(db, "SELECT COUNT(*) FROM imports WHERE id = " + std::to_string(first)) == 0);
  CHECK(count(db, "SELECT COUNT(*) FROM source_records") == 1);
  CHECK(staging.latest_import("hr")->records == 1);
  CHECK(count(db, "SELECT COUNT(*) FROM source_records WHERE import_id = " + std::to_string(third)) == 0);
}

TEST_CASE("records staged as JSON by an older version still load", "[staging]") {
  Database db(":memory:");
  StagingStore staging(db);
  auto id = staging.begin_import("hr", "csv", "hr.csv", Timestamp{0});
  db.sql().exec("INSERT INTO source_records(import_id, record_id, line, raw, mapped) VALUES(" + std::to_string(id) +
                ", 'E1', 2, '', '{\"active\":true,\"attributes\":{\"email\":\"a@x\"},\"groups\":null,\"username\":\"ann\"}')");
  staging.finish_import({id, "hr", "csv", "hr.csv", "sum", 1, "utf-8", ",", "", "", 0, 0, 0, 1});
  auto users = staging.load_users(*staging.latest_import("hr"), 1);
  REQUIRE(users.size() == 1);
  CHECK(users[0].username == "ann");
  CHECK(users[0].active == std::optional<bool>(true));
  CHECK(users[0].attrs.get("email") == "a@x");
  CHECK_FALSE(users[0].groups.has_value());
}
