#include <catch2/catch.hpp>

#include "store/history_store.h"
#include "store/plan_store.h"
#include "store/staging_store.h"

using namespace usersync;

TEST_CASE("a plan round-trips with its changes in order") {
  Database db(":memory:");
  PlanStore plans(db);
  Plan p;
  Attributes a;
  a.set("email", "x@y");
  p.changes.push_back({ChangeKind::user_create, "ann", "", "", std::nullopt, std::nullopt, a, {"new_in_source"}});
  p.changes.push_back({ChangeKind::user_update, "bob", "", "email", "old", std::nullopt, {}, {"attribute_changed"}});
  p.seen_in_source = {"ann", "bob"};
  auto id = plans.save(p, 7, Timestamp{0}, 3, "sha256:x", "pending");
  auto loaded = plans.load(id);
  REQUIRE(loaded);
  CHECK(loaded->run_id == 7);
  CHECK(loaded->directory_version == 3);
  CHECK(loaded->directory_checksum == "sha256:x");
  CHECK(loaded->status == "pending");
  CHECK(loaded->seen_in_source == p.seen_in_source);
  REQUIRE(loaded->changes.size() == 2);
  CHECK(loaded->changes[0].kind == ChangeKind::user_create);
  CHECK(loaded->changes[0].attrs == a);
  CHECK(loaded->changes[1].from == "old");
  CHECK_FALSE(loaded->changes[1].to.has_value());
  CHECK(plans.load(0)->id == id);
  plans.set_status(id, "applied");
  CHECK(plans.load(id)->status == "applied");
  CHECK_FALSE(plans.load(id + 1).has_value());
}

TEST_CASE("history lists runs newest first and keeps result lines verbatim") {
  Database db(":memory:");
  HistoryStore h(db);
  auto r1 = h.begin_run("plan", Timestamp{0});
  h.finish_run(r1, "planned", 1, "{\"user_create\":1}", "{\"run_id\":1}\n");
  auto r2 = h.begin_run("apply", Timestamp{60});
  h.add_results(r2, {{"b", "update", "{\"username\":\"b\"}"}, {"a", "create", "{\"username\":\"a\"}"}});
  h.finish_run(r2, "applied", 1, "{}", "{}");
  auto runs = h.list(10);
  REQUIRE(runs.size() == 2);
  CHECK(runs[0].id == r2);
  CHECK(runs[1].status == "planned");
  CHECK(h.list(1).size() == 1);
  CHECK(h.summary(r1) == "{\"run_id\":1}\n");
  auto lines = h.results(r2);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].username == "b");  // stored order, not re-sorted
  CHECK(h.find(r1)->plan_id == 1);
  CHECK_FALSE(h.find(99).has_value());
}

TEST_CASE("history counts routine results and keeps every other line") {
  Database db(":memory:");
  HistoryStore h(db);
  auto r = h.begin_run("sync", Timestamp{0});
  h.add_results(r, {{"a", "unchanged", "{\"username\":\"a\"}", true},
                    {"b", "update", "{\"username\":\"b\"}", false},
                    {"c", "unchanged", "{\"username\":\"c\",\"policies\":[1]}", false}});
  h.finish_run(r, "applied", 0, "{}", "{}", 1000001);
  auto lines = h.results(r);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].username == "b");
  CHECK(lines[1].username == "c");
  CHECK(h.find(r)->routine == 1000001);
  CHECK(h.list(1).front().routine == 1000001);
}

TEST_CASE("staging keeps imports per source and loads the mapped users") {
  Database db(":memory:");
  StagingStore s(db);
  auto header = std::make_shared<Header>(std::vector<std::string>{"login"});
  for (int i = 0; i < 4; ++i) {
    auto id = s.begin_import("hr", "csv", "hr.csv", Timestamp{i});
    Record rec{header, {"u" + std::to_string(i)}, {2}, {1}, {}, 2, "hr.csv", ""};
    SourceUser u;
    u.username = "u" + std::to_string(i);
    u.groups = std::vector<std::string>{"staff"};
    s.add_record(id, u.username, rec, u);
    s.finish_import({id, "hr", "csv", "hr.csv", "sha256:" + std::to_string(i), 1, "utf-8", "comma", ""});
    s.prune("hr", 3);
  }
  auto latest = s.latest_import("hr");
  REQUIRE(latest);
  CHECK(latest->checksum == "sha256:3");
  CHECK(s.latest_import("hr", latest->id)->checksum == "sha256:2");
  auto users = s.load_users(*latest, 5);
  REQUIRE(users.size() == 1);
  CHECK(users[0].username == "u3");
  CHECK(users[0].priority == 5);
  CHECK(users[0].ref.source == "hr");
  CHECK(users[0].ref.line == 2);
  CHECK(*users[0].groups == std::vector<std::string>{"staff"});
  CHECK(db.sql().execAndGet("SELECT count(*) FROM imports").getInt() == 3);
  CHECK_FALSE(s.latest_import("other").has_value());
}
