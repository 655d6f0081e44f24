#include "html_report.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "model/errors.h"
#include "reports/user_results.h"
#include "tests/test_util.h"

using namespace usersync;

namespace {
const std::string kHostile = "</script><script>alert(1)</script>";

RunSummary small_run() {
  RunSummary run;
  run.run_id = 7;
  run.mode = "sync";
  run.now = "2026-11-22T09:00:00Z";
  run.status = "partial";
  run.plan_id = 3;
  run.usersync_version = "0.1.0";
  run.config_checksum = "sha256:abc";
  run.sources = {{.name = "hr", .format = "csv", .path = "hr.csv", .records = 1234, .checksum = "sha256:def"}};
  run.directory_export = "directory.csv";
  run.directory_users = 3;
  run.directory_groups = 2;
  run.target = "scim https://idp.example/scim/v2";
  for (auto k : all_change_kinds()) run.changes[std::string(to_string(k))] = 0;
  run.changes["user_create"] = 1;
  run.changes["user_update"] = 2;
  run.changes["membership_add"] = 1234;
  for (const auto& a : all_actions()) run.actions[a] = 0;
  run.actions["create"] = 1;
  run.actions["update"] = 1;
  run.actions["error"] = 1;
  run.guards = {{.guard = "max_deprovision",
                 .measured = 12,
                 .allowed = 10,
                 .detail = "12 users deactivated or deleted",
                 .exceeded = true,
                 .overridden = true},
                {.guard = "max_deprovision_share", .measured = 0.0482, .allowed = 0.2, .detail = "12 of 249 users"}};
  run.held_back = {
      {.kind = "user_errors", .count = 1, .message = "1 user with errors", .examples = {"hr.csv:4: <bad>"}}};
  run.messages = {"a message with \xff an invalid byte"};
  run.conflicts = {{.group = "legacy-admins", .would_add = {"ann", "bob"}, .would_remove = {"zed"}}};
  return run;
}

std::vector<UserResult> small_results() {
  UserResult created;
  created.username = "ann";
  created.action = "create";
  created.reasons = {"new_in_source"};
  created.after = UserSnapshot{"ann", {}, true, {"staff"}};
  created.after->attrs.set("display_name", kHostile);
  created.changes = {{"display_name", std::nullopt, kHostile}};
  created.groups_added = {"staff"};

  UserResult updated;
  updated.username = "bob";
  updated.action = "update";
  updated.reasons = {"attribute_changed"};
  updated.before = UserSnapshot{"bob", {}, true, {}};
  updated.before->attrs.set("email", "bob@old.example");
  updated.after = updated.before;
  updated.after->attrs.set("email", "bob@new.example");
  updated.changes = {{"email", "bob@old.example", "bob@new.example"}};

  UserResult failed;
  failed.username = "zed";
  failed.action = "error";
  failed.errors = {"hr.csv:4: <email> is empty"};
  return {created, updated, failed};
}

/// Runs the sink over the small run in `folder` and returns report.html.
std::string write_report(const std::filesystem::path& folder, std::vector<std::string>* files_before_end = nullptr) {
  auto sink = make_html_report_sink(folder);
  auto run = small_run();
  sink->begin(run);
  for (const auto& r : small_results()) sink->user(r, user_result_line(r));
  if (files_before_end) *files_before_end = sink->files();
  std::vector<Change> changes(2);
  changes[0].kind = ChangeKind::membership_add;
  changes[0].username = "bob";
  changes[0].group = "staff";
  changes[1].username = "bob";
  changes[1].attribute = "email";
  RunChanges rc{.changes = &changes, .outcomes = {"failed", ""}, .default_outcome = "applied"};
  sink->end(run, rc);
  CHECK(sink->files() == std::vector<std::string>{"report.html"});
  std::ifstream in(folder / "report.html", std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

/// The text of the element that starts with `open`, up to the next "</script>".
std::string script_text(const std::string& page, const std::string& open) {
  auto start = page.find(open);
  REQUIRE(start != std::string::npos);
  start += open.size();
  return page.substr(start, page.find("</script>", start) - start);
}
}  // namespace

TEST_CASE("report.html shows the run's counts in plan order") {
  test::TempDir dir;
  std::vector<std::string> before_end;
  auto page = write_report(dir.path(""), &before_end);
  CHECK(before_end.empty());
  CHECK(page.starts_with("<!DOCTYPE html>"));
  CHECK(page.find("<h1>Run 7 <span class=\"status s-warn\" data-status=\"partial\">partial</span></h1>") !=
        std::string::npos);
  CHECK(page.find("<time datetime=\"2026-11-22T09:00:00Z\">") != std::string::npos);
  CHECK(page.find(R"(data-change-kind="membership_add">1,234</td>)") != std::string::npos);
  CHECK(page.find(R"(data-change-kind="user_update">2</td>)") != std::string::npos);
  CHECK(page.find(R"(data-change-kind="user_delete">0</td>)") != std::string::npos);
  CHECK(page.find(R"(data-change-total>1,237</td>)") != std::string::npos);
  CHECK(page.find(R"(data-action="error">1</span>)") != std::string::npos);
  // Plan order, not the map's alphabetical order.
  CHECK(page.find("data-change-kind=\"user_create\"") < page.find("data-change-kind=\"membership_add\""));
  CHECK(page.find("data-change-kind=\"membership_add\"") < page.find("data-change-kind=\"user_deactivate\""));
  // The chart draws every kind, one bar per kind with changes.
  CHECK(page.find("<svg class=\"chart\"") != std::string::npos);
  CHECK(occurrences(page, "<rect class=\"bar\"") == 3);
  CHECK(page.find("data-source=\"hr\"") != std::string::npos);
  CHECK(page.find(">sha256:def</code>") != std::string::npos);
}

TEST_CASE("report.html has the guard, held back and conflict panels") {
  test::TempDir dir;
  auto page = write_report(dir.path(""));
  CHECK(page.find(R"(<tr class="guard-overridden" data-guard="max_deprovision">)") != std::string::npos);
  CHECK(page.find("exceeded, overridden") != std::string::npos);
  CHECK(page.find(R"(<tr class="guard-ok" data-guard="max_deprovision_share">)") != std::string::npos);
  CHECK(page.find("<td class=\"num\">0.0482</td><td class=\"num\">0.2</td>") != std::string::npos);
  CHECK(page.find("data-held-back=\"user_errors\"") != std::string::npos);
  CHECK(page.find("<code>hr.csv:4: &lt;bad&gt;</code>") != std::string::npos);
  CHECK(page.find("a message with \xEF\xBF\xBD an invalid byte") != std::string::npos);
  CHECK(page.find(
            R"(<tr data-conflict="legacy-admins"><th scope="row">legacy-admins</th>)"
            R"(<td><span class="n">2 users:</span> ann, bob</td><td><span class="n">1 user:</span> zed</td></tr>)") !=
        std::string::npos);
}

TEST_CASE("report.html embeds the users as inert JSON") {
  test::TempDir dir;
  auto page = write_report(dir.path(""));
  // Exactly the page's own three script elements end: no value closes one.
  CHECK(occurrences(page, "</script>") == 3);
  CHECK(page.find(kHostile) == std::string::npos);
  CHECK(page.find("<!--") == std::string::npos);
  auto users = nlohmann::json::parse(script_text(page, "<script type=\"application/json\" id=\"users\">"));
  REQUIRE(users.size() == 3);
  CHECK(users[0]["after"]["display_name"] == kHostile);
  CHECK(users[1]["changes"][0]["to"] == "bob@new.example");
  CHECK(users[2]["errors"][0] == "hr.csv:4: <email> is empty");
  auto meta = nlohmann::json::parse(script_text(page, "<script type=\"application/json\" id=\"report-meta\">"));
  CHECK(meta["actions"][0] == "create");
  CHECK(meta["kinds"][0] == "group_create");
  // Only the change that did not end as the run's default outcome.
  CHECK(meta["outcomes"] == nlohmann::json::parse(R"([["bob","membership_add","staff","failed"]])"));
}

TEST_CASE("report.html requests nothing from outside the file") {
  test::TempDir dir;
  auto page = write_report(dir.path(""));
  CHECK(page.find("http://") == std::string::npos);
  CHECK(page.find("https://") == std::string::npos);
  CHECK(page.find("scim https&#58;//idp.example/scim/v2") != std::string::npos);
  CHECK(page.find(" src=") == std::string::npos);
  CHECK(page.find("<link") == std::string::npos);
  CHECK(page.find("@import") == std::string::npos);
  CHECK(page.find("url(") == std::string::npos);
  CHECK(page.find("content=\"default-src 'none';") != std::string::npos);
}

TEST_CASE("report.html is the same bytes for the same results, and leaves no spool behind") {
  test::TempDir one, two;
  auto first = write_report(one.path(""));
  CHECK(write_report(two.path("")) == first);
  CHECK(std::distance(std::filesystem::directory_iterator(one.path("")), std::filesystem::directory_iterator()) == 1);
}

TEST_CASE("report.html of a run without users or plan still opens") {
  test::TempDir dir;
  auto sink = make_html_report_sink(dir.path(""));
  RunSummary run;
  run.run_id = 1;
  run.mode = "plan";
  run.status = "failed";
  sink->begin(run);
  sink->end(run, RunChanges{});
  std::ifstream in(dir.path("report.html"), std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  auto page = ss.str();
  CHECK(page.find("No guard figures were recorded") != std::string::npos);
  CHECK(page.find("No group conflicts") != std::string::npos);
  CHECK(nlohmann::json::parse(script_text(page, "<script type=\"application/json\" id=\"users\">")).empty());
}

TEST_CASE("a report folder that cannot be written is an internal error naming the file") {
  test::TempDir dir;
  auto sink = make_html_report_sink(dir.path("missing"));
  RunSummary run;
  try {
    sink->begin(run);
    sink->end(run, RunChanges{});
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::internal);
    CHECK(std::string(e.what()).starts_with(dir.path("missing")));
  }
}

TEST_CASE("report.html says how many users it counts but does not list, only when there are some") {
  test::TempDir dir;
  CHECK(write_report(dir.path("")).find("data-users-not-listed") == std::string::npos);
  std::filesystem::path some = dir.path("some");
  std::filesystem::create_directories(some);
  auto sink = make_html_report_sink(some);
  auto run = small_run();
  run.users_not_listed = 1;
  sink->begin(run);
  sink->end(run, RunChanges{});
  std::ifstream in(some / "report.html", std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  CHECK(ss.str().find("<p class=\"note\" data-users-not-listed=\"1\">1 user simply in sync (unchanged, in_sync) is "
                      "in the counts but not listed: history keeps their counts, not their lines.</p>") !=
        std::string::npos);
}
