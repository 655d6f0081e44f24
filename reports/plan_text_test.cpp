#include "plan_text.h"

#include <catch2/catch.hpp>

using namespace usersync;

TEST_CASE("the plan view has one readable line per changed user") {
  UserResult create;
  create.username = "hana.sato";
  create.action = "create";
  create.reasons = {"new_in_source"};
  create.groups_added = {"staff"};
  CHECK(plan_text(create, false) == "+ create     hana.sato        (new_in_source)  +staff");

  UserResult update;
  update.username = "eve.muller";
  update.action = "update";
  update.reasons = {"attribute_changed"};
  update.changes = {{"email", "a@x", "b@x", 0}, {"title", std::nullopt, "Lead", 0}};
  update.groups_removed = {"old"};
  CHECK(plan_text(update, false) == "~ update     eve.muller       email: a@x -> b@x, title: (none) -> Lead, -old");

  UserResult gone;
  gone.username = "max.weber";
  gone.action = "deactivate";
  gone.reasons = {"missing_from_sources"};
  gone.changes = {{"active", "true", "false", 0}};
  gone.policies = {{"missing", "missing_from_sources", {{"days_missing", "4"}, {"grace_days", "3"}}}};
  CHECK(plan_text(gone, false) == "- deactivate max.weber        (missing_from_sources 4 days >= grace 3)");

  UserResult broken;
  broken.username = "x";
  broken.action = "error";
  broken.errors = {"hr.csv:3:7: bad email"};
  CHECK(plan_text(broken, false) == "! error      x                hr.csv:3:7: bad email");

  UserResult same;
  same.action = "unchanged";
  CHECK(plan_text(same, false).empty());
}

TEST_CASE("colour marks only the action, and source text cannot drive the terminal") {
  UserResult r;
  r.username = "evil\x1b[2J";
  r.action = "create";
  r.reasons = {"new_in_source"};
  CHECK(plan_text(r, true) == "\x1b[32m+ create     \x1b[0mevil\\x1b[2J      (new_in_source)");
  CHECK(terminal_safe("äbcdef", 3) == "äbc…");
  CHECK(terminal_safe("a\u009b2Jb\u202ec\u2067d") == "a\\x9b2Jb\\u202ec\\u2067d");
  CHECK(terminal_safe("日本\xff") == "日本\xff");  // other text, even invalid bytes, passes as it is
  r.username = "jäger";  // padded by characters, not bytes
  CHECK(plan_text(r, false) == "+ create     jäger            (new_in_source)");
}
