#include <catch2/catch.hpp>
#include <algorithm>
#include <fstream>
#include <sstream>

#include "reports/report_files.h"
#include "reports/result_reader.h"
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

TEST_CASE("an unchanged user held once is written with after equal to before") {
  UserResult r;
  r.username = "ann";
  r.action = "unchanged";
  r.reasons = {"in_sync"};
  r.before = UserSnapshot{"ann", {}, true, {"staff"}};
  r.before->attrs.set("email", "a@x");
  r.after_is_before = true;
  auto held_once = user_result_line(r);
  r.after = r.before;
  r.after_is_before = false;
  CHECK(held_once == user_result_line(r));
  CHECK(held_once.find(R"("after":{"username":"ann","email":"a@x","active":true})") != std::string::npos);
  CHECK(held_once.find(R"("member_of":["staff"])") != std::string::npos);
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

namespace {
std::string read_all(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

RunSummary small_summary(std::int64_t id) {
  RunSummary s;
  s.run_id = id;
  s.mode = "plan";
  s.now = "2026-11-22T09:00:00Z";
  s.status = "planned";
  return s;
}
}  // namespace

TEST_CASE("report files are written whole, every format from one pass") {
  test::TempDir dir;
  std::vector<std::string> lines;
  for (const char* name : {"ann", "bob"}) {
    UserResult r;
    r.username = name;
    r.action = "unchanged";
    lines.push_back(user_result_line(r));
  }
  ReportFiles files;
  {
    ReportWriter writer(dir.path("run-1"));
    writer.begin(small_summary(1));
    writer.users_from_lines(lines.size(), [&](std::size_t i) -> const std::string& { return lines[i]; }, "run 1");
    writer.end(small_summary(1), RunChanges{});
    files = writer.publish();
  }
  CHECK(read_all(files.users) == lines[0] + "\n" + lines[1] + "\n");
  CHECK(read_all(files.summary) == summary_json(small_summary(1)));
  CHECK(std::filesystem::exists(files.audit));
  CHECK(std::filesystem::exists(files.html));
  CHECK(files.changes.empty());
  // No hidden staging folder is left beside it.
  CHECK(std::distance(std::filesystem::directory_iterator(dir.path("")), std::filesystem::directory_iterator()) == 1);
}

TEST_CASE("a report folder appears whole, and a reused one keeps no file of an earlier run") {
  test::TempDir dir;
  std::vector<Change> changes{{ChangeKind::user_update, "ann", "", "title", "a", "b", {}, {"r"}}};
  {
    ReportWriter writer(dir.path("fixed"));
    writer.begin(small_summary(1));
    writer.end(small_summary(1), RunChanges{&changes, {}, "planned"});
    CHECK(std::filesystem::exists(writer.publish().changes));
  }
  // A refused run writes no change file: the old one must not stay beside its summary.
  ReportWriter writer(dir.path("fixed"));
  writer.begin(small_summary(2));
  writer.end(small_summary(2), RunChanges{});
  auto second = writer.publish();
  CHECK(second.changes.empty());
  CHECK_FALSE(std::filesystem::exists(dir.path("fixed/changes.csv")));
  CHECK(read_all(second.summary) == summary_json(small_summary(2)));
}

TEST_CASE("only the formats asked for are written, and a reused folder loses the others") {
  test::TempDir dir;
  {
    ReportWriter writer(dir.path("fixed"));
    writer.begin(small_summary(1));
    writer.end(small_summary(1), RunChanges{});
    writer.publish();
  }
  ReportWriter writer(dir.path("fixed"), ReportFormats{false, true});
  writer.begin(small_summary(2));
  writer.end(small_summary(2), RunChanges{});
  auto files = writer.publish();
  CHECK(files.audit.empty());
  CHECK_FALSE(std::filesystem::exists(dir.path("fixed/audit.xlsx")));  // from run 1: gone, not left stale
  CHECK(std::filesystem::exists(files.html));
  CHECK(read_all(files.summary) == summary_json(small_summary(2)));

  ReportWriter json_only(dir.path("json"), ReportFormats{false, false});
  json_only.begin(small_summary(3));
  json_only.end(small_summary(3), RunChanges{});
  auto only = json_only.publish();
  CHECK(only.html.empty());
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir.path("json"))) names.push_back(e.path().filename());
  std::sort(names.begin(), names.end());
  CHECK(names == std::vector<std::string>{"summary.json", "users.jsonl"});
}

TEST_CASE("the writer tells every sink how many users it does not list, and summary.json never") {
  test::TempDir dir;
  auto run = small_summary(4);
  run.users_not_listed = 12;
  ReportWriter writer(dir.path("history"), ReportFormats{false, true});
  writer.begin(run);
  writer.end(run, RunChanges{});
  auto files = writer.publish();
  CHECK(read_all(files.html).find("data-users-not-listed=\"12\"") != std::string::npos);
  CHECK(read_all(files.summary) == summary_json(small_summary(4)));
  CHECK(read_all(files.summary).find("not_listed") == std::string::npos);
}

TEST_CASE("reports that are not published leave nothing behind") {
  test::TempDir dir;
  {
    ReportWriter writer(dir.path("reports/run-3"));
    writer.begin(small_summary(3));
  }  // a run rolled back before its commit: not even the reports/ folder it made stays
  CHECK(std::filesystem::directory_iterator(dir.path("")) == std::filesystem::directory_iterator());
}

TEST_CASE("a stored line that is not a result is an error naming the run") {
  test::TempDir dir;
  ReportWriter writer(dir.path("run-4"));
  writer.begin(small_summary(4));
  std::vector<std::string> lines{"{\"username\": 1}"};
  CHECK_THROWS_WITH(
      writer.users_from_lines(1, [&](std::size_t i) -> const std::string& { return lines[i]; }, "run 4"),
      Catch::Contains("run 4, result 1: not a stored user result"));
}
