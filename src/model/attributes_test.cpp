#include "model/attributes.h"

#include <catch2/catch.hpp>

#include "model/errors.h"
#include "model/plan.h"

using namespace usersync;

TEST_CASE("Attributes stay sorted by name and replace on set") {
  Attributes a;
  a.set("last_name", "Doe");
  a.set("email", "j@x");
  a.set("first_name", "John");
  a.set("email", "john@x");
  REQUIRE(a.entries().size() == 3);
  CHECK(a.entries()[0].first == "email");
  CHECK(a.get("email") == "john@x");
  CHECK(a.find("missing") == nullptr);
  a.erase("email");
  CHECK_FALSE(a.has("email"));
}

TEST_CASE("change kinds round-trip through their names") {
  for (auto k : all_change_kinds()) CHECK(change_kind_from(to_string(k)) == k);
  CHECK_FALSE(change_kind_from("user_explode").has_value());
}

TEST_CASE("plan counts include every kind, zeros too") {
  Plan p;
  p.changes.push_back({ChangeKind::user_create, "a", "", "", {}, {}, {}, {}});
  p.results.push_back({});
  p.results.back().action = "create";
  auto counts = p.change_counts();
  CHECK(counts.size() == all_change_kinds().size());
  CHECK(counts["user_create"] == 1);
  CHECK(counts["user_delete"] == 0);
  CHECK(p.action_counts()["create"] == 1);
}

TEST_CASE("format_located shows file, line, column, the line and a caret") {
  auto text = format_located({"hr.csv", 3, 5, "ab,cd,ef"}, "bad thing");
  CHECK(text == "hr.csv:3:5: bad thing\n  ab,cd,ef\n      ^");
  CHECK(format_located({"hr.csv", 0, 0, ""}, "x") == "hr.csv: x");
  // Columns count characters, not bytes.
  CHECK(format_located({"f", 1, 3, "äöx"}, "m") == "f:1:3: m\n  äöx\n    ^");
}
