#include "result_reader.h"

#include <catch2/catch.hpp>

#include "summary.h"
#include "user_results.h"

using namespace usersync;

namespace {
/// Every field users.jsonl can carry, so a field the reader forgets changes the bytes.
UserResult full_result() {
  UserResult r;
  r.username = "afischer";
  r.action = "update";
  r.reasons = {"renamed_in_source", "manual_correction"};
  r.sources = {{"hr", "E0000079"}, {"contractors", "x@y"}};
  UserSnapshot before{"akrueger", {}, true, {}};
  before.attrs.set("email", "akrueger@example.com");
  before.attrs.set("display_name", "Amélie </script> Krüger");
  UserSnapshot after{"afischer", {}, false, {"engineering", "staff"}};
  after.attrs.set("email", "afischer@example.com");
  r.before = before;
  r.after = after;
  r.changes = {{"username", "akrueger", "afischer", 0}, {"email", "akrueger@example.com", std::nullopt, 7}};
  r.groups_added = {"engineering"};
  r.groups_removed = {"old"};
  r.group_corrections = {{"engineering", 8}};
  r.policies = {{"missing", "missing_from_sources", {{"days_missing", "4"}, {"grace_days", "3"}}}};
  r.errors = {"hr.csv:3:1: bad"};
  CorrectionOutcome c;
  c.id = 7;
  c.username = "afischer";
  c.kind = "set";
  c.attribute = "email";
  c.state = "conflict";
  c.value = "";
  c.baseline = "old";
  c.source_now = std::nullopt;
  r.corrections = {c};
  return r;
}
}  // namespace

TEST_CASE("a users.jsonl line read back writes the same bytes") {
  auto line = user_result_line(full_result());
  auto back = user_result_from_line(line, "run 1");
  CHECK(user_result_line(back) == line);
  CHECK(back.before->username == "akrueger");
  CHECK(back.after->groups == std::vector<std::string>{"engineering", "staff"});
  CHECK(back.changes[1].correction == 7);
  CHECK(back.corrections[0].username == "afischer");

  UserResult gone;
  gone.username = "old";
  gone.action = "delete";
  gone.before = UserSnapshot{"old", {}, true, {"staff"}};
  auto gone_line = user_result_line(gone);
  auto gone_back = user_result_from_line(gone_line, "run 1");
  CHECK(gone_back.before->groups == std::vector<std::string>{"staff"});
  CHECK(user_result_line(gone_back) == gone_line);
}

TEST_CASE("summary.json read back writes the same bytes") {
  RunSummary s;
  s.run_id = 4;
  s.mode = "sync";
  s.now = "2026-11-22T09:00:00Z";
  s.status = "partial";
  s.plan_id = 3;
  s.usersync_version = "0.9";
  s.config_checksum = "sha256:ab";
  s.options = {"--allow-mass-changes"};
  SourceSummary csv{"hr", "csv", "hr.csv", 10, "sha256:cd", "utf-8", ","};
  SourceSummary dump{"okta", "okta", "dump/", 5, "sha256:ef", "", ""};
  dump.dump = true;
  dump.files = 2;
  dump.groups = 3;
  dump.memberships = 9;
  dump.ignored_members = 1;
  s.sources = {csv, dump};
  s.directory_export = "directory.csv";
  s.directory_checksum = "sha256:01";
  s.directory_users = 300;
  s.directory_groups = 12;
  s.target = "scim https://example.test/scim/v2";
  s.changes = {{"user_create", 2}, {"user_update", 0}};
  s.outcomes = {{"applied", 1}, {"failed", 1}};
  s.actions = {{"create", 2}};
  GuardFigure g;
  g.guard = "max_deprovision_share";
  g.measured = 0.25;
  g.allowed = 10;
  g.detail = "1 of 4";
  g.exceeded = true;
  GuardFigure src = g;
  src.guard = "max_source_shrink";
  src.source = "hr";
  s.guards = {g, src};
  s.held_back = {{"user_errors", 2, "2 users have errors", {"a: x", "b: y"}}};
  s.drift = Drift{2, true, 3, {"ann", "bob"}};
  s.conflicts = {{"admins", {"ann"}, {"bob"}}};
  s.messages = {"note"};
  auto json = summary_json(s);
  CHECK(summary_json(summary_from_json(json, "run 4")) == json);

  RunSummary empty;
  empty.mode = "plan";
  CHECK(summary_json(summary_from_json(summary_json(empty), "run 0")) == summary_json(empty));
}

TEST_CASE("text that is not a stored result or summary is an internal error naming the run") {
  CHECK_THROWS_WITH(user_result_from_line("{", "run 9, result 2"), Catch::Contains("run 9, result 2"));
  CHECK_THROWS_WITH(summary_from_json("[]", "run 9"), Catch::Contains("run 9: not a stored run summary"));
}
