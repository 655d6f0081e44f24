#include "reports/audit_rows.h"

#include <catch2/catch.hpp>

using namespace usersync;

namespace {
/// A row as "kind group attribute from to correction", for whole-row comparisons.
std::vector<std::string> text_of(const std::vector<ChangeRow>& rows) {
  std::vector<std::string> out;
  for (const auto& r : rows)
    out.push_back(r.kind + "|" + r.group + "|" + r.attribute + "|" + r.from + "|" + r.to + "|" + r.correction);
  return out;
}
}  // namespace

TEST_CASE("a created user's attributes are user_create rows, then its memberships") {
  UserResult r;
  r.username = "anna";
  r.action = "create";
  r.changes = {{"display_name", std::nullopt, "Anna", 0}, {"email", std::nullopt, "a@x", 9}};
  r.groups_added = {"staff", "eng"};
  r.group_corrections = {{"eng", 4}};
  CHECK(text_of(change_rows(r)) == std::vector<std::string>{"user_create||display_name||Anna|",
                                                            "user_create||email||a@x|9", "membership_add|staff||||",
                                                            "membership_add|eng||||4"});
  // A user created without attributes still has its create row.
  r.changes.clear();
  r.groups_added.clear();
  CHECK(text_of(change_rows(r)) == std::vector<std::string>{"user_create|||||"});
}

TEST_CASE("a rename, updates, memberships and a deactivation come out in plan order") {
  UserResult r;
  r.username = "bert";
  r.action = "deactivate";
  // As the plan builder records them: the rename first, `active` last.
  r.changes = {{"username", "bertold", "bert"}, {"email", "o@x", "n@x"}, {"active", "true", "false", 2}};
  r.groups_removed = {"sales"};
  r.groups_added = {"eng"};
  CHECK(text_of(change_rows(r)) == std::vector<std::string>{"user_rename||username|bertold|bert|",
                                                            "user_update||email|o@x|n@x|", "membership_add|eng||||",
                                                            "membership_remove|sales||||",
                                                            "user_deactivate||active|true|false|2"});
  r.action = "reactivate";
  r.changes = {{"active", "false", "true"}};
  r.groups_added = r.groups_removed = {};
  CHECK(text_of(change_rows(r)) == std::vector<std::string>{"user_reactivate||active|false|true|"});
}

TEST_CASE("a deleted user is one user_delete row, an anonymized one its rename, updates and deactivation") {
  UserResult r;
  r.username = "carl";
  r.action = "delete";
  r.groups_removed = {"staff"};
  CHECK(text_of(change_rows(r)) == std::vector<std::string>{"membership_remove|staff||||", "user_delete|||||"});

  r.username = "anon-1a2b3c4d5e6f";
  r.changes = {{"username", "carl", "anon-1a2b3c4d5e6f"}, {"email", "c@x", std::nullopt}, {"active", "true", "false"}};
  CHECK(text_of(change_rows(r)) == std::vector<std::string>{"user_rename||username|carl|anon-1a2b3c4d5e6f|",
                                                            "user_update||email|c@x||", "membership_remove|staff||||",
                                                            "user_deactivate||active|true|false|"});
}

TEST_CASE("unchanged, skipped and error results have no change rows") {
  for (const char* action : {"unchanged", "skipped", "error"}) {
    UserResult r;
    r.username = "dora";
    r.action = action;
    r.errors = {"username taken"};
    CHECK(change_rows(r).empty());
  }
}

TEST_CASE("a create the target refused is still a create, not updates") {
  UserResult r;
  r.username = "hsato";
  r.action = "error";  // what a refused push makes of it
  r.reasons = {"new_in_source", "target_rejected"};
  r.after = UserSnapshot{"hsato", {}, true, {}};
  r.changes = {{"email", std::nullopt, "h@x"}};
  CHECK(text_of(change_rows(r)) == std::vector<std::string>{"user_create||email||h@x|"});
}

TEST_CASE("a change row finds its outcome by user, kind and attribute or group") {
  std::vector<Change> changes{{ChangeKind::group_create, "", "newgroup"},
                              {ChangeKind::user_create, "anna"},
                              {ChangeKind::user_update, "bert", "", "email"},
                              {ChangeKind::user_update, "bert", "", "phone"},
                              {ChangeKind::membership_add, "bert", "eng"},
                              {ChangeKind::membership_add, "bert", "ops"},
                              {ChangeKind::user_deactivate, "carl", "", "", "true", "false"}};
  RunChanges run;
  run.changes = &changes;
  run.default_outcome = "applied";
  run.outcomes = {"", "not_sent", "failed", "", "failed", "applied", "skipped"};
  OutcomeLookup outcome(run);
  // Every attribute row of a create shares the create's outcome.
  CHECK(outcome("anna", "user_create", "display_name", "") == "not_sent");
  CHECK(outcome("anna", "user_create", "email", "") == "not_sent");
  CHECK(outcome("bert", "user_update", "email", "") == "failed");
  CHECK(outcome("bert", "user_update", "phone", "") == "applied");
  CHECK(outcome("bert", "membership_add", "", "eng") == "failed");
  CHECK(outcome("bert", "membership_add", "", "ops") == "applied");
  // A deactivation row names `active`; the plan's change names no attribute.
  CHECK(outcome("carl", "user_deactivate", "active", "") == "skipped");
  CHECK(outcome("dora", "user_update", "email", "") == "applied");
  CHECK(outcome.longest() == 8);

  RunChanges none;  // a refused or failed run carries out no plan
  OutcomeLookup not_applied(none);
  CHECK(not_applied("bert", "user_update", "email", "") == "not applied");
  CHECK(not_applied.longest() == 11);
}

TEST_CASE("outcome keys cannot run into each other") {
  CHECK(outcome_key("a", "user_update", "bc", "") != outcome_key("ab", "user_update", "c", ""));
  CHECK(outcome_key("a", "membership_add", "ignored", "g") == outcome_key("a", "membership_add", "", "g"));
  CHECK(outcome_key("a", "user_deactivate", "active", "") == outcome_key("a", "user_deactivate", "", ""));
}
