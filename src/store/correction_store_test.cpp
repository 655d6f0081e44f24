#include "store/correction_store.h"

#include <catch2/catch.hpp>

using namespace usersync;

namespace {
Correction set(const std::string& user, const std::string& attribute, const std::string& value) {
  Correction c;
  c.username = user;
  c.kind = CorrectionKind::set;
  c.attribute = attribute;
  c.exported = "old";
  c.baseline = "old";
  c.value = value;
  c.by = "alice";
  c.created_at = "2026-11-22T10:00:00Z";
  return c;
}
}  // namespace

TEST_CASE("a correction of the same value replaces the one in force, and the audit trail keeps both") {
  Database db(":memory:");
  CorrectionStore store(db);
  auto first = store.add({set("Ann", "email", "a1@x"), set("ann", "title", "Boss")});
  CHECK(first == std::vector<std::int64_t>{1, 2});
  auto second = store.add({set("ANN", "email", "a2@x")});
  auto in_force = store.in_force();
  REQUIRE(in_force.size() == 2);
  CHECK(in_force[0].id == 2);
  CHECK(in_force[1].id == second[0]);
  CHECK(in_force[1].value == "a2@x");
  auto all = store.list(true);
  REQUIRE(all.size() == 3);
  CHECK(all[0].state == "replaced");
  CHECK(all[0].baseline == "old");
  CHECK_FALSE(all[0].source_now);
}

TEST_CASE("a plan conflict waits, keep makes the new source value the baseline, drop ends it") {
  Database db(":memory:");
  CorrectionStore store(db);
  store.add({set("ann", "email", "a1@x"), set("bob", "email", "b1@x")});
  store.record({{1, "ann", "set", "email", "conflict", "old", "new@x", "a1@x"},
                {2, "bob", "set", "email", "conflict", "old", "bnew@x", "b1@x"}});
  auto c = *store.find(1);
  CHECK(c.state == "conflict");
  CHECK(c.source_now == "new@x");
  store.keep(1, Timestamp{0});
  c = *store.find(1);
  CHECK(c.state == "active");
  CHECK(c.baseline == "new@x");
  CHECK_FALSE(c.source_now);
  store.drop(2, Timestamp{0});
  CHECK(store.find(2)->state == "dropped");
  CHECK(store.in_force().size() == 1);
  // A conflict whose source came back applies again.
  store.record({{1, "ann", "set", "email", "conflict", "new@x", "x@x", "a1@x"}});
  store.record({{1, "ann", "set", "email", "applied", "new@x", std::nullopt, "a1@x"}});
  CHECK(store.find(1)->state == "active");
}

TEST_CASE("an export keeps what each row showed") {
  Database db(":memory:");
  CorrectionStore store(db);
  CHECK_FALSE(store.newest_export());
  auto id = store.save_export({0, "2026-11-22T10:00:00Z", "sha256:ab", {"username", "email"}},
                              {{1, "ann", R"({"email":"a@x"})", R"({"email":"a@x"})"}, {2, "bob", "{}", "{}"}});
  CHECK(store.newest_export() == id);
  auto e = store.load_export(id);
  REQUIRE(e);
  CHECK(e->columns == std::vector<std::string>{"username", "email"});
  auto rows = store.export_rows(id);
  REQUIRE(rows.size() == 2);
  CHECK(rows[1].username == "bob");
  CHECK(rows[0].shown == R"({"email":"a@x"})");
}
