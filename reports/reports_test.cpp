#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "reports/report_files.h"
#include "reports/summary.h"
#include "reports/user_results.h"
#include "tests/test_util.h"

using namespace usersync;

TEST_CASE("a users.jsonl line has every key, in a fixed order") {
  UserResult r;
  r.username = "jdoe";
  r.action = "update";
  r.reasons = {"attribute_changed"};
  r.sources = {{"hr", "E1"}};
  UserSnapshot before{"jdoe", {}, true, {"staff"}};
  before.attrs.set("email", "old@x");
  UserSnapshot after = before;
  after.attrs.set("email", "new@x");
  after.groups = {"eng", "staff"};
  r.before = before;
  r.after = after;
  r.changes = {{"email", "old@x", "new@x"}};
  r.groups_added = {"eng"};
  r.policies = {{"grace", "within_grace", {{"days", "2"}}}};
  CHECK(
      user_result_line(r) ==
      R"({"username":"jdoe","action":"update","reasons":["attribute_changed"],"sources":{"hr":"E1"},)"
      R"("before":{"username":"jdoe","email":"old@x","active":true},"after":{"username":"jdoe","email":"new@x","active":true},)"
      R"("changes":[{"attribute":"email","from":"old@x","to":"new@x"}],)"
      R"("groups":{"added":["eng"],"removed":[],"member_of":["eng","staff"]},)"
      R"("policies":[{"policy":"grace","reason":"within_grace","compared":{"days":"2"}}],"errors":[]})");
}

TEST_CASE("a created user has a null before, a skipped one null on both sides") {
  UserResult r;
  r.username = "x";
  r.action = "skipped";
  auto line = user_result_line(r);
  CHECK(line.find(R"("before":null,"after":null)") != std::string::npos);
}

TEST_CASE("summary.json lists sources, directory, counts and messages") {
  RunSummary s;
  s.run_id = 3;
  s.mode = "sync";
  s.now = "2026-11-22T09:00:00Z";
  s.status = "applied";
  s.plan_id = 2;
  s.sources = {{"hr", "csv", "hr.csv", 10, "sha256:ab", "utf-8", "comma"}};
  s.changes = {{"user_create", 1}};
  s.actions = {{"create", 1}};
  auto j = summary_json(s);
  CHECK(j.find("\"run_id\": 3") != std::string::npos);
  CHECK(j.find("\"export\": null") != std::string::npos);
  CHECK(j.find("\"checksum\": \"sha256:ab\"") != std::string::npos);
  CHECK(j.back() == '\n');
  CHECK(counts_json({{"a", 1}, {"b", 0}}) == R"({"a":1,"b":0})");
}

TEST_CASE("report files are written whole") {
  test::TempDir dir;
  auto files = write_report_files(dir.path("run-1"), "{}\n", {"{\"a\":1}", "{\"b\":2}"});
  std::ifstream in(files.users);
  std::stringstream ss;
  ss << in.rdbuf();
  CHECK(ss.str() == "{\"a\":1}\n{\"b\":2}\n");
  CHECK(std::filesystem::exists(files.summary));
  CHECK_FALSE(std::filesystem::exists(files.users.string() + ".tmp"));
}

TEST_CASE("a report folder appears whole, and a reused one keeps no file of an earlier run") {
  test::TempDir dir;
  std::vector<Change> changes{{ChangeKind::user_update, "ann", "", "title", "a", "b", {}, {"r"}}};
  auto first = write_report_files(
      dir.path("fixed"), "{\"run\":1}\n", 0, [](std::size_t) -> const std::string& { throw; }, &changes);
  CHECK(std::filesystem::exists(first.changes));
  // No hidden staging folder is left beside it.
  std::size_t entries = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.path(""))) entries += e.path().filename() == "fixed";
  CHECK(entries == 1);
  CHECK(std::distance(std::filesystem::directory_iterator(dir.path("")), std::filesystem::directory_iterator()) == 1);
  // A refused run writes no change file: the old one must not stay beside its summary.
  auto second = write_report_files(dir.path("fixed"), "{\"run\":2}\n", std::vector<std::string>{});
  CHECK(second.changes.empty());
  CHECK_FALSE(std::filesystem::exists(dir.path("fixed/changes.csv")));
  std::ifstream in(second.summary);
  std::stringstream ss;
  ss << in.rdbuf();
  CHECK(ss.str() == "{\"run\":2}\n");
}
